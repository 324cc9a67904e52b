/**
 * The Pulumi program (`main: infra/` in Pulumi.yaml). Invalid config stops the run with
 * one clear message and no stack trace, before any resource is registered.
 */
import { main } from "./program";
import { runProgram } from "./run-program";

export = runProgram(main);
