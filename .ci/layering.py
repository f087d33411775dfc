#!/usr/bin/env python3
"""The layering rule of src/, checked: the engine below, the API above.

1. No import cycle of more than 3 files (edges: `use` items and inline `crate::`/`super::`
   paths; `pub use` re-exports and `mod` lines are not edges).
2. Nothing under src/runtime/ names an API module (the engine imports leaf types only).

Usage: layering.py SRC_DIR. Prints the cycles; exits 1 when a rule is broken."""
import os, re, sys

API = ("task::builder", "task::join", "task::abort", "task::current", "time::sleep",
       "time::timeout", "time::interval", "time::clock", "future", "explore", "blocking",
       "random", "sim", "__private", "proptest", "tracing", "trace::user", "trace::snapshot",
       "net::addr", "net::faults", "net::host", "net::link", "net::tcp", "net::udp")

src = sys.argv[1]
files = {}
for root, _, names in os.walk(src):
    for n in names:
        if n.endswith(".rs"):
            parts = os.path.relpath(os.path.join(root, n), src)[:-3].split(os.sep)
            files[tuple(parts[:-1] if parts[-1] in ("mod", "lib") else parts)] = os.path.join(root, n)

def text_of(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)

def paths(text):
    """Every path a file names: use trees expanded, then inline paths."""
    for m in re.finditer(r"(\bpub(\([^)]*\))?\s+)?\buse\s+([^;]+);", text):
        if not m.group(1):
            yield from expand(m.group(3))
    body = re.sub(r"\buse\s+[^;]+;", "", text)
    for m in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+)", body):
        yield m.group(1).split("::")

def expand(tree):
    tree = tree.strip()
    i = tree.find("{")
    if i < 0:
        yield [s for s in tree.split(" as ")[0].split("::") if s.strip()]
        return
    prefix = [s for s in tree[:i].split("::") if s.strip()]
    depth, start = 0, i + 1
    for j in range(i, len(tree)):
        c = tree[j]
        depth += c == "{"
        depth -= c == "}"
        if (c == "," and depth == 1) or (c == "}" and depth == 0):
            for sub in expand(tree[start:j]) if tree[start:j].strip() else []:
                yield prefix + sub
            start = j + 1

def resolve(cur, segs):
    if segs[0] == "crate":
        base, rest = [], segs[1:]
    elif segs[0] in ("super", "self"):
        base, rest = list(cur), segs
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
        if rest and rest[0] == "self":
            rest = rest[1:]
    elif tuple(list(cur) + segs[:1]) in files:
        base, rest = list(cur), segs
    else:
        return None
    best, path = (tuple(base) if tuple(base) in files else None), list(base)
    for s in rest:
        path.append(s.strip())
        if tuple(path) not in files:
            break
        best = tuple(path)
    return best

edges, broken = {m: set() for m in files}, []
for m, p in files.items():
    for segs in paths(text_of(p)):
        t = resolve(m, segs)
        if t is not None and t != m:
            edges[m].add(t)
            named = "::".join(t)
            if m[:1] == ("runtime",) and any(named == a or named.startswith(a + "::") for a in API):
                broken.append(f"{files[m]} imports the API module `{named}`")

index, low, stack, on, comps = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while not comp or comp[-1] != v:
            comp.append(stack.pop()); on.discard(comp[-1])
        comps.append(comp)
sys.setrecursionlimit(10000)
for v in sorted(files):
    if v not in index:
        visit(v)
cycles = sorted((c for c in comps if len(c) > 1), key=len, reverse=True)
for c in cycles:
    print(f"cycle of {len(c)}: " + ", ".join(sorted(os.path.relpath(files[m], src) for m in c)))
largest = max([len(c) for c in cycles] or [0])
print(f"largest import cycle: {largest} files")
if largest > 3:
    broken.append(f"an import cycle of {largest} files (at most 3: a parent and its children)")
for b in broken:
    print(f"layering: {b}")
sys.exit(1 if broken else 0)
