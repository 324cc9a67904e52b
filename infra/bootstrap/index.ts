/**
 * The bootstrap Pulumi program (`main: index.ts` in infra/bootstrap/Pulumi.yaml). Invalid
 * config stops the run with one clear message, before any resource is registered.
 */
import { runProgram } from "../run-program";
import { main } from "./program";

export = runProgram(main);
