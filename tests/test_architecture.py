"""The layout holds: the gatekeeper is the only reader of the scope, and no app imports a higher one.

Layers, low to high: lib → audit → orgs, accounts → records, study, imports → front → demo.
Checked on the source with ast (imports inside functions count too).
"""
import ast
import functools
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dangjian"
GATEKEEPER = PACKAGE / "accounts" / "gatekeeper"   # a package: its _scope module is private to it
SCOPE_READ = re.compile(r"\bget_scope\b|\b_scope\b|_gatekeeper_scope|\bScope\b|\b_Scope\b|\b_Reach\b")


def sources():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def module_of(path):
    return ".".join(("dangjian", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


@functools.cache   # the sources do not change during a run: parse each once, not once per test
def imported(path):
    """Every module a file imports, absolute, with relative imports resolved."""
    return tuple(_imports(path))


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_of(path) if path.name == "__init__.py" else module_of(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"


def app_of(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dangjian" else None


def offenders(rule):
    found = []
    for path in sources():
        here = module_of(path)
        for target in set(imported(path)):
            if app_of(target) and rule(here, target):
                found.append(f"{here} imports {target}")
    return sorted(found)


def test_the_sources_are_found():
    assert GATEKEEPER / "__init__.py" in sources() and len(sources()) > 100


def test_no_module_but_the_gatekeeper_reads_the_scope():
    readers = [f"{p.relative_to(PACKAGE.parent)}:{n}"
               for p in sources() if GATEKEEPER not in p.parents
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
               if SCOPE_READ.search(line)]
    assert readers == []


def test_nothing_imports_the_front():
    allowed = {"front", "demo"}      # demo sits above the front
    assert offenders(lambda here, target: app_of(target) == "front" and app_of(here) not in allowed) == []


def test_nothing_imports_the_demo_but_its_own_commands():
    assert offenders(lambda here, target: app_of(target) == "demo" and app_of(here) != "demo") == []


def test_lib_and_audit_import_no_app():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() or (p / "models.py").exists()
            or (p / "models").is_dir()}
    assert {"orgs", "accounts", "records", "study", "imports", "front"} <= apps

    def upward(here, target):
        if app_of(here) == "lib":
            return app_of(target) in apps | {"audit"}
        if app_of(here) == "audit":
            return app_of(target) in apps - {"audit"}
        return False
    assert offenders(upward) == []


def test_the_resolver_sees_relative_imports():
    found = set(imported(PACKAGE / "front" / "views" / "members.py"))
    assert "dangjian.front.access" in found and "dangjian.accounts.gatekeeper" in found


def test_migrations_carry_their_own_data():
    """A migration imports no code of the project: what it loads must not change with it."""
    found = []
    for path in sorted(PACKAGE.rglob("migrations/*.py")):
        for target in imported(path):
            if target.startswith("dangjian.") and not target.startswith("dangjian.lib."):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {target}")
    assert found == []
