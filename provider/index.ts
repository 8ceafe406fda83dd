/**
 * Entry of the nixos-matrix component provider plugin (package.json "main").
 *
 * Pulumi's nodejs plugin host requires this directory with the engine's address as the
 * only argument; this serves the components over gRPC and prints the port on stdout.
 */
import { main } from "@pulumi/pulumi/provider";
import { COMPONENTS } from "./components";
import { NixosMatrixProvider } from "./nixos-matrix-provider";

void main(new NixosMatrixProvider(COMPONENTS), process.argv.slice(2));
