#!/usr/bin/env python3
"""Extracts fuzzing seeds from the conformance suite (tests/cases) into fuzz/corpus/<target>/.

    python3 fuzz/seeds.py            # from the repository root (or anywhere)

Each case gives: its mapping texts (device and FHIR) and message texts to `read`, its device
mapping to `device_mapping`, its FHIR mapping to `fhir_mapping`, and the whole case to
`pipeline` (one mode byte, then device mapping, FHIR mapping and messages separated by NUL
bytes; see fuzz_targets/pipeline.rs). Mappings given as JSON values are written as indented
text, as the conformance harness does. Files are named by content hash, so running the script
again adds nothing twice. The corpus folders are not committed (see .gitignore).

The `regex` target gets every row of crates/medtech-regex/tests/table.rs (one option byte, the
pattern, NUL, the input; see fuzz_targets/regex.rs).
"""
import ast
import hashlib
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
REGEX_TABLE = ROOT / "crates" / "medtech-regex" / "tests" / "table.rs"
REGEX_FLAGS = {"i": 1, "m": 2, "s": 4, "n": 8, "x": 16}
STRING = r'"(?:[^"\\]|\\.)*"'
ROW = re.compile(rf"\(\s*({STRING}),\s*({STRING}),\s*({STRING}),\s*{STRING}\s*\)")


def rust_string(literal):
    """A Rust string literal's value (`\\u{{…}}` escapes included); None if unreadable."""
    literal = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: "\\U" + m.group(1).rjust(8, "0"), literal)
    try:
        return ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return None


def regex_seeds():
    if not REGEX_TABLE.exists():
        return
    for row in ROW.finditer(REGEX_TABLE.read_text(encoding="utf-8")):
        pattern, flags, text = (rust_string(x) for x in row.groups())
        if None in (pattern, flags, text):
            continue
        mode = sum(bit for letter, bit in REGEX_FLAGS.items() if letter in flags)
        data = pattern.encode("utf-8", "surrogatepass") + b"\0" + text.encode("utf-8", "surrogatepass")
        save("regex", bytes([mode]) + data)
CORPUS = ROOT / "fuzz" / "corpus"
ENVELOPES = {"raw": 0, "eventhub": 1, "iothub": 2}


def text_of(case, value_key, text_key):
    if text_key in case:
        return case[text_key]
    if value_key in case:
        return json.dumps(case[value_key], indent=2, ensure_ascii=False)
    return None


def save(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    count = 0
    for path in sorted(CASES.rglob("*.json")):
        if path.name == "schema.json":
            continue
        try:
            case = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(case, dict):
            continue
        device = text_of(case, "deviceMapping", "deviceMappingText")
        fhir = text_of(case, "fhirMapping", "fhirMappingText")
        messages = [json.dumps(m, ensure_ascii=False) for m in case.get("messages", [])]
        messages += [t for t in case.get("messageTexts", []) if isinstance(t, str)]
        for text in [device, fhir, *messages]:
            if text is not None:
                save("read", text)
        if device is not None:
            save("device_mapping", device)
            mode = ENVELOPES.get(case.get("envelope", "raw"), 0)
            if case.get("identity", "create") != "create":
                mode |= 0x20
            parts = [device, fhir or "", *messages]
            save("pipeline", bytes([mode]) + "\0".join(parts).encode("utf-8"))
        if fhir is not None:
            save("fhir_mapping", fhir)
        count += 1
    regex_seeds()
    sizes = {d.name: len(list(d.iterdir())) for d in sorted(CORPUS.iterdir()) if d.is_dir()}
    print(f"{count} cases -> {sizes}")


if __name__ == "__main__":
    main()
