import { BACKUP_FIELD_CASES } from "./backup-fields";
import type { BadInput } from "./bad-input";
import { BRIDGE_FIELD_CASES } from "./bridge-fields";
import { BRIDGE_RULE_CASES } from "./bridge-rules";
import { CREDENTIAL_SHAPE_CASES } from "./credential-shapes";
import { DOMAIN_CLAIM_CASES } from "./domain-claims";
import { DOMAIN_NAME_CASES } from "./domain-names";
import { ELEMENT_CONFIG_CASES } from "./element-config";
import { PORT_CASES } from "./host-ports";
import { KEY_MATERIAL_CASES } from "./key-material";
import { NAME_CASES } from "./names-and-references";
import { MODERATION_BOT_CASES } from "./moderation-bots";
import { SERVICE_FIELD_CASES } from "./service-fields";
import { RELEASE_FIELD_CASES } from "./release-fields";
import { STACK_FIELD_CASES } from "./stack-fields";
import { WORKER_FIELD_CASES } from "./worker-fields";

export type { BadInput } from "./bad-input";

/** The bad-input corpus: every case is the base stack with one change, and its expected error line. */
export const BAD_INPUTS: readonly BadInput[] = [
    ...STACK_FIELD_CASES,
    ...DOMAIN_NAME_CASES,
    ...SERVICE_FIELD_CASES,
    ...BRIDGE_FIELD_CASES,
    ...NAME_CASES,
    ...DOMAIN_CLAIM_CASES,
    ...PORT_CASES,
    ...BRIDGE_RULE_CASES,
    ...MODERATION_BOT_CASES,
    ...BACKUP_FIELD_CASES,
    ...RELEASE_FIELD_CASES,
    ...KEY_MATERIAL_CASES,
    ...CREDENTIAL_SHAPE_CASES,
    ...ELEMENT_CONFIG_CASES,
    ...WORKER_FIELD_CASES,
];
