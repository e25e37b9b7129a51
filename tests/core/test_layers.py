"""Layers point down only (STYLE.md): core, which every app imports, imports no domain app.
It stands on accounts (grants) and orgs (the tree), which access scoping is defined over; the
pages that gather every app (the overview, the member's home, `gonghui demo`) live in
gonghui.overview, above them all."""

import ast
from pathlib import Path

import gonghui

BASE = {"core", "accounts", "orgs", "celery"}  # celery: the project's task-queue module, not an app


def _imported_apps(path):
    apps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        apps |= {n.split(".")[1] for n in names if n.startswith("gonghui.") and n.count(".") >= 1}
    return apps


def test_core_imports_no_domain_app():
    core = Path(gonghui.__file__).parent / "core"
    found = {str(p.relative_to(core)): sorted(_imported_apps(p) - BASE)
             for p in core.rglob("*.py") if "migrations" not in p.parts}
    assert {f: apps for f, apps in found.items() if apps} == {}


def test_the_check_sees_an_import_of_a_domain_app(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from gonghui.members.models import Member\n")
    assert _imported_apps(module) == {"members"}
