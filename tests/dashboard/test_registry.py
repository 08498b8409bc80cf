"""The page list is written once (the registry) and matches the pages/ folder; the frame has no cycles."""

import ast
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lagebild.dashboard import registry
from lagebild_testdata import ROOT


def test_registry_lists_every_page_file_once():
    files = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    assert sorted(p.key for p in registry.PAGES) == files
    assert registry.DEFAULT.key == "overview" and registry.url_path(registry.DEFAULT) == ""
    assert registry.BRIEFING not in registry.ANALYSIS_PAGES


def test_a_page_file_run_on_its_own_still_gets_its_view(small_store):
    """Without the frame (a page script run alone) the page builds its view itself: no loop, no exception."""
    at = AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Map"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _module_graph() -> dict[str, set[str]]:
    pkg = ROOT / "lagebild"
    mods = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p for p in pkg.rglob("*.py")}
    # A module's own parent packages are left out: importing one of their submodules runs them anyway.
    return {m: {i for i in _imports(p) if i in mods and i != m and not m.startswith(i + ".")} for m, p in mods.items()}


def test_the_two_wings_never_import_each_other():
    graph = _module_graph()
    for mod, deps in graph.items():
        if mod.startswith("lagebild.extraction"):
            assert not [d for d in deps if d.startswith("lagebild.dashboard")], mod
        if mod.startswith("lagebild.dashboard"):
            assert not [d for d in deps if d.startswith("lagebild.extraction")], mod


def test_no_import_cycles():
    graph = _module_graph()
    state: dict[str, int] = {}

    def visit(m, stack):
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack, m, d]))
            if d not in state:
                visit(d, [*stack, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])
