"""Waymark's own schemathesis check, loaded through SCHEMATHESIS_HOOKS by scripts/test.

The configuration accepts a 422 for a request the document allows, because some refusals no
JSON Schema can state. This check narrows that: every field error of such a 422 must be of a
kind the document cannot express (`reference`: no such record; `taken`: another record has it;
`rule`: a rule across fields or about who may set a value). An error of kind `invalid` means
the document allowed what the server refused: the two disagree, and the run fails."""
import schemathesis

UNSTATABLE = {"reference", "taken", "rule"}


@schemathesis.check
def refusals_of_valid_requests_are_ones_no_schema_can_state(ctx, response, case):
    if response.status_code != 422 or case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        raise AssertionError("A 422 without a problem+json body")
    stated = [error for error in errors if error.get("kind") not in UNSTATABLE]
    if stated or not errors:
        described = "; ".join(f"{error.get('field')}: {error.get('message')} ({error.get('kind')})" for error in stated)
        raise AssertionError(f"A request the document allows was refused for reasons the document could state: {described or 'no field errors'}")
    return None
