"""Prints, as JSON, how a Pulumi Python program uses one SDK module: every call
`<alias>.<Name>(...)` with its keyword names and number of positional args, and every
attribute read on a variable assigned from such a call. Usage: python3 python_calls.py FILE MODULE"""

import ast
import json
import sys


def main(path: str, module: str) -> None:
    tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update(a.asname or a.name for a in node.names if a.name == module)
    calls, instances, reads = [], {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if isinstance(target, ast.Name) and target.id in aliases:
                calls.append({
                    "name": node.func.attr,
                    "line": node.lineno,
                    "positional": len(node.args),
                    "keywords": [k.arg for k in node.keywords],
                })
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in aliases:
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        instances[t.id] = func.attr
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in instances:
            reads.append({"variable": node.value.id, "className": instances[node.value.id], "attribute": node.attr, "line": node.lineno})
    json.dump({"aliases": sorted(aliases), "calls": calls, "reads": reads}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
