/** Problems an {@link ArgsChecker} records, for tests of the shared checks (no Pulumi runtime needed). */
import { ArgsChecker, InvalidArgsError } from "../../components/core/errors";

/** What `record` leaves in a fresh checker for `component` `name`, or [] when nothing. */
export function recordedProblems(record: (check: ArgsChecker) => void, component = "prodstack:gcp:Thing", name = "t"): string[] {
    const check = new ArgsChecker(component, name);
    record(check);
    try {
        check.throwIfAny();
        return [];
    } catch (e) {
        if (!(e instanceof InvalidArgsError)) throw e;
        return e.problems;
    }
}
