/** The results of verify as a plain-text table: check, host, result, detail. */
import type { VerificationResult } from "../deploy/verify-step";

export function verificationTable(results: readonly VerificationResult[]): string {
    const rows = [["CHECK", "HOST", "RESULT", "DETAIL"], ...results.map((r) => [r.check, r.host, r.ok ? "ok" : "FAILED", r.detail])];
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
    return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ").trimEnd()).join("\n") + "\n";
}
