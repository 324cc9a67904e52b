/** Readers of planned resources' inputs, for the summaries. */
import type { PlannedResource } from "./engine";

export const ofType = (children: PlannedResource[], type: string) => children.filter((c) => c.type === type);
export const first = (children: PlannedResource[], type: string) => ofType(children, type)[0]?.inputs ?? {};
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** The value at `path` inside nested inputs, or undefined. */
export const dig = (obj: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
