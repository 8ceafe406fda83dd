/**
 * A small nixpkgs source for the fleet, which has no network: a real tarball on this machine,
 * reached by the hosts as a file:// URL, with its real Nix hash (nix-hash of the unpacked
 * tree, as nix-prefetch-url --unpack computes it). Production pins are https only (the spec
 * refuses anything else); the fleet's plan gets this pin directly, below the spec.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { NixpkgsPin } from "../../../sdk/plan/release";

/** The pin of a tarball for `release` (`tag` tells apart two sources of one release), made once per directory. */
export function testNixpkgs(dir: string, release: string, tag = release): NixpkgsPin {
    const name = `nixpkgs-${tag}`;
    const tarball = path.join(dir, `${name}.tar.xz`);
    const tree = path.join(dir, name, `nixos-${tag}`);
    if (!existsSync(tarball)) {
        mkdirSync(tree, { recursive: true });
        writeFileSync(path.join(tree, ".version"), `${release}\n`);
        writeFileSync(path.join(tree, "default.nix"), `# stand-in nixpkgs ${tag}\n{ ... }: { }\n`);
        execFileSync("tar", ["-cJf", tarball, "-C", path.dirname(tree), path.basename(tree)]);
    }
    const sha256 = execFileSync("nix-hash", ["--type", "sha256", "--base32", tree], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { release, url: `file://${tarball}`, sha256 };
}
