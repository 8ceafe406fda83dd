/**
 * Offline synth gives each declared config key without a value a placeholder,
 * `<config telegramApiHash>`. Shape checks skip a placeholder: it stands for a value the
 * user sets before deploying, and the deploy checks that value.
 */
export function configPlaceholder(key: string): string {
    return `<config ${key}>`;
}

export function isConfigPlaceholder(value: string): boolean {
    return /^<config [^<>\s]+>$/.test(value);
}
