"""The docs live in the repository, and what cites them stays true.

* No tracked file points at documents outside the repository (the product notes, the
  architecture guide or the source articles the project started from): the repository's own
  ``docs/`` is what code, tests and docs cite.
* Every "rule N" citation names a rule that ``docs/product.md`` has.
* Every relative link in the README, CONTRIBUTING and ``docs/`` reaches a file of the
  repository (and, for a link to a heading, that heading).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services.questions import Question

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "docs" / "product.md"

TEXT_SUFFIXES = frozenset(
    {".py", ".md", ".sql", ".toml", ".txt", ".cfg", ".ini", ".yml", ".yaml", ".service", ".json"}
)
TEXT_NAMES = frozenset({"Makefile", "Dockerfile", ".env.example", "run"})

# Built from pieces, so that this file does not match itself.
OUTSIDE = re.compile(
    "|".join(
        (
            r"\b" + "PRODUCT" + r"\.md\b",
            r"\b" + "ARCHITECTURE" + r"\.md\b",
            r"\.\./" + "shared" + r"\b",
            "/work/" + "shared",
            r"(?<![\w./-])" + "seeds" + "/",
            r"\bproduct " + "brief" + r"\b",
        )
    )
)
"""Ways the code once cited documents that are not in the repository."""

RULE_CITATION = re.compile(
    r"\b[Rr]ules? (?P<numbers>\d+(?:(?:\s*[–-]\s*|,\s*|\s+and\s+)\d+)*)\b(?!\s*(?:%|days?\b))"
)
"""``rule 6``, ``Rule 15``, ``rules 8, 9 and 11``, ``rules 9–11``: citations of docs/product.md."""

RULE_HEADING = re.compile(r"^### (?P<number>\d+)\. ", re.MULTILINE)
MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
LINKED_DOCS = ("README.md", "CONTRIBUTING.md", "docs")


def tracked_files() -> list[Path]:
    """The repository's files as git knows them (every file under the root without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", ".git", "data", "__pycache__", ".mypy_cache", ".ruff_cache"}
        return [
            path
            for path in ROOT.rglob("*")
            if path.is_file() and not skip.intersection(path.relative_to(ROOT).parts)
        ]
    return [ROOT / name for name in listed if name and (ROOT / name).is_file()]


def text_files() -> Iterator[Path]:
    """Tracked files that are text: code, docs, SQL, settings."""
    for path in tracked_files():
        if path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES:
            yield path


def markdown_files() -> list[Path]:
    """The README, CONTRIBUTING and every page under docs/."""
    found: list[Path] = []
    for name in LINKED_DOCS:
        path = ROOT / name
        found.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return [path for path in found if path.exists()]


def product_rules() -> set[int]:
    """The rule numbers docs/product.md defines (its ``### N. Title`` headings)."""
    return {int(m["number"]) for m in RULE_HEADING.finditer(PRODUCT.read_text(encoding="utf-8"))}


def cited_rules(numbers: str) -> set[int]:
    """The rules one citation names: ``8, 9 and 11`` → {8, 9, 11}; ``9–11`` → {9, 10, 11}."""
    cited: set[int] = set()
    for part in re.split(r",\s*|\s+and\s+", numbers):
        low, _, high = re.sub(r"\s*[–-]\s*", "-", part).partition("-")
        cited.update(range(int(low), int(high or low) + 1))
    return cited


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a page's headings (lower case, punctuation dropped)."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if in_code or heading is None:
            continue
        text = re.sub(r"`([^`]*)`", r"\1", heading.group(1))
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_docs_pages_exist() -> None:
    for name in (
        "docs/product.md",
        "docs/architecture.md",
        "docs/conversations.md",
        "CONTRIBUTING.md",
        "LICENSE",
    ):
        assert (ROOT / name).is_file(), f"{name} is missing"


def test_nothing_cites_a_document_outside_the_repository() -> None:
    found = [
        f"{relative(path)}:{number}: {line.strip()}"
        for path in text_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, (
        "These lines cite documents that are not in the repository; cite docs/product.md, "
        "docs/architecture.md or docs/conversations.md instead:\n" + "\n".join(found)
    )


def test_no_merge_conflict_is_left_in_a_doc() -> None:
    left = [
        f"{relative(page)}:{number}"
        for page in markdown_files()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"^(<{7}|>{7}) |^={7}$", line)
    ]
    assert not left, f"merge conflict markers left in: {left}"


def test_product_rules_are_numbered_one_by_one() -> None:
    rules = sorted(product_rules())
    assert rules == list(range(1, len(rules) + 1)), rules
    assert len(rules) >= 16


def test_every_rule_citation_names_a_rule_of_the_product_page() -> None:
    rules = product_rules()
    wrong = []
    for path in text_files():
        if path == PRODUCT:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for citation in RULE_CITATION.finditer(line):
                missing = cited_rules(citation["numbers"]) - rules
                if missing:
                    wrong.append(f"{relative(path)}:{number}: {citation.group(0)} {missing}")
    assert not wrong, "Citations of rules docs/product.md does not have:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("numbers", "rules"),
    [
        ("6", {6}),
        ("8, 9 and 11", {8, 9, 11}),
        ("9–11, 13 and 15", {9, 10, 11, 13, 15}),
        ("1 and 4", {1, 4}),
    ],
)
def test_a_citation_is_read_as_the_rules_it_names(numbers: str, rules: set[int]) -> None:
    assert cited_rules(numbers) == rules


def test_the_citation_pattern_finds_citations_and_nothing_else() -> None:
    def numbers(text: str) -> list[str]:
        return [m["numbers"] for m in RULE_CITATION.finditer(text)]

    assert numbers("(docs/product.md rules 9–11, 13 and 15)") == ["9–11, 13 and 15"]
    assert numbers("Rule 15: no morning card") == ["15"]
    assert numbers("the two-minute rule (rule 3)") == ["3"]
    assert numbers("a rule 5% of the time, a rule 7 days long") == []


def test_every_relative_link_in_the_docs_reaches_a_file() -> None:
    broken = []
    for page in markdown_files():
        text = page.read_text(encoding="utf-8")
        for link in MARKDOWN_LINK.finditer(text):
            target = link["target"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # https:, mailto: and the like
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page
            where = f"{relative(page)}: ({target})"
            if not linked.is_relative_to(ROOT):
                broken.append(f"{where} leaves the repository")
            elif not linked.exists():
                broken.append(f"{where} does not exist")
            elif (
                anchor
                and linked.suffix == ".md"
                and anchor not in heading_anchors(linked.read_text(encoding="utf-8"))
            ):
                broken.append(f"{where} names no heading of {relative(linked)}")
    assert not broken, "Broken links:\n" + "\n".join(broken)


def test_the_readme_links_every_doc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {link["target"].partition("#")[0] for link in MARKDOWN_LINK.finditer(readme)}
    for page in (
        "docs/product.md",
        "docs/architecture.md",
        "docs/conversations.md",
        "CONTRIBUTING.md",
        "LICENSE",
    ):
        assert page in targets, f"README.md does not link {page}"


def test_every_conversation_step_is_in_a_diagram() -> None:
    diagrams = (ROOT / "docs" / "conversations.md").read_text(encoding="utf-8")
    steps = re.findall(r'^\s*state "([a-z_]+\.[a-z_]+)" as ', diagrams, re.MULTILINE)
    named = {question.value for question in Question}
    assert named <= set(steps), f"steps without a diagram: {sorted(named - set(steps))}"
    assert set(steps) <= named, f"diagrams of unknown steps: {sorted(set(steps) - named)}"
