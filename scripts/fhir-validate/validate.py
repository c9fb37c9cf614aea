"""Validates every Observation the debugger produces with an independent FHIR R4 implementation.

Reads NDJSON lines `{"source": "...", "resource": {...}}` (from `cargo run -p medtech-tests --bin
observations`) and validates each resource with the `fhir.resources` R4B models (pydantic), which
check element names, types, cardinalities and required elements. Prints one line per failure and
a summary; exits 1 when any resource is invalid or none was given.
"""

import json
import sys

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

MODELS = {"Observation": Observation, "Bundle": Bundle}


def main(path: str) -> int:
    passed = failed = 0
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            entry = json.loads(line)
            resource = entry["resource"]
            model = MODELS.get(resource.get("resourceType"))
            try:
                if model is None:
                    raise ValueError(f"unexpected resourceType {resource.get('resourceType')!r}")
                model.model_validate(resource)
                passed += 1
            except Exception as error:  # pydantic.ValidationError and the above
                failed += 1
                print(f"INVALID {entry['source']} (line {number}): {error}")
    print(f"FHIR R4 validation (fhir.resources R4B): {passed} valid, {failed} invalid")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
