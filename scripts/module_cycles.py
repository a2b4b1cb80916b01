#!/usr/bin/env python3
"""Finds import cycles between the modules of each crate under crates/.

A module is a source file (`src/pages/model.rs` is `pages::model`, a
`mod.rs` or `lib.rs` is its folder's module). Module A depends on B when
A's code names `crate::b::…`, `super::…` or `self::…` paths that lead into
B. Names re-exported by a `mod.rs`/`lib.rs` (`pub use x::Y;`) lead to
where they are defined, so a re-export is not a dependency on the parent.
A parent does not depend on a child by declaring it (`mod x;`).

Prints every cycle and exits 1 when there is one; exits 0 otherwise.
Tests (`#[cfg(test)]` modules and `tests/`) are not looked at.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "crates"


def module_of(src: pathlib.Path, f: pathlib.Path) -> tuple:
    parts = list(f.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_tests(text: str) -> str:
    """Cuts `#[cfg(test)] mod … { … }` blocks (by brace counting)."""
    out = []
    i = 0
    pat = re.compile(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{")
    while True:
        m = pat.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i : m.start()])
        depth = 1
        j = m.end()
        while j < len(text) and depth:
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
            j += 1
        i = j
    return "".join(out)


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def expand_use(text: str):
    """Yields the full paths of every `use` tree, one per leaf, plus every
    `crate::`/`super::` path used inline."""
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        for p in flatten(m.group(1).replace("\n", " ")):
            yield p, m.group(0).lstrip().startswith("pub")
    for m in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+)", text):
        yield m.group(1), False


def flatten(tree: str, prefix: str = ""):
    tree = tree.strip()
    # split top-level on commas
    depth = 0
    start = 0
    parts = []
    for i, c in enumerate(tree):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(tree[start:i])
            start = i + 1
    parts.append(tree[start:])
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if "{" in part:
            head, rest = part.split("{", 1)
            rest = rest.rsplit("}", 1)[0]
            yield from flatten(rest, prefix + head.strip())
        else:
            part = re.sub(r"\s+as\s+\w+$", "", part)
            yield (prefix + part).replace(" ", "")


def check_crate(crate: pathlib.Path):
    src = crate / "src"
    if not src.is_dir():
        return []
    files = {module_of(src, f): f for f in src.rglob("*.rs")}
    mods = set(files)
    texts = {m: strip_comments(strip_tests(f.read_text())) for m, f in files.items()}
    # Re-exports: (module, name) -> module path the name leads to.
    reexp = {}
    for m, text in texts.items():
        for path, public in expand_use(text):
            if not public:
                continue
            segs = path.split("::")
            target = resolve_prefix(m, segs, mods)
            if target is not None:
                reexp[(m, segs[-1])] = target

    def lead(m, segs):
        """The module the path `segs` (from module m) names."""
        t = resolve_prefix(m, segs, mods)
        if t is None:
            return None
        # The remaining name may be a re-export of that module.
        rest = rest_after(m, segs, t)
        seen = set()
        while rest and (t, rest[0]) in reexp and (t, rest[0]) not in seen:
            seen.add((t, rest[0]))
            t = reexp[(t, rest[0])]
            rest = rest[1:]
        return t

    edges = {m: set() for m in mods}
    for m, text in texts.items():
        for path, _ in expand_use(text):
            segs = path.split("::")
            if segs[0] not in ("crate", "super", "self"):
                continue
            t = lead(m, segs)
            if t is None or t == m:
                continue
            # A module using its own descendant is not a cycle risk by
            # itself; keep the edge all the same (a child using its
            # parent's items while the parent uses the child is a cycle).
            edges[m].add(t)
    return cycles(edges)


def absolute(m, segs):
    if segs[0] == "crate":
        return list(segs[1:])
    base = list(m)
    i = 0
    while i < len(segs) and segs[i] in ("super", "self"):
        if segs[i] == "super":
            base = base[:-1]
        i += 1
    return base + list(segs[i:])


def resolve_prefix(m, segs, mods):
    if segs[0] not in ("crate", "super", "self"):
        return None
    full = absolute(m, segs)
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in mods:
            return tuple(full[:n])
    return None


def rest_after(m, segs, t):
    full = absolute(m, segs)
    return full[len(t) :]


def cycles(edges):
    """Strongly connected components with more than one module."""
    index = {}
    low = {}
    stack = []
    on = set()
    out = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in edges:
        if v not in index:
            visit(v)
    return [(c, {a: sorted(b & set(c)) for a, b in edges.items() if a in c}) for c in out]


def name(m):
    return "::".join(m) or "(crate root)"


def main():
    found = False
    for crate in sorted(p for p in ROOT.iterdir() if (p / "Cargo.toml").exists()):
        for comp, inner in check_crate(crate):
            found = True
            print(f"{crate.name}: cycle between {', '.join(sorted(name(m) for m in comp))}")
            for a in sorted(inner):
                for b in inner[a]:
                    print(f"    {name(a)} -> {name(b)}")
    if found:
        sys.exit(1)
    print("no import cycles between modules")


if __name__ == "__main__":
    main()
