/** Errors of the offline policy tooling, in a module of their own so the CLI can load them cheaply. */

/** The plan file cannot be read or is not in the plan format (`prodstack check` exits 2). */
export class PlanFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanFileError";
    }
}
