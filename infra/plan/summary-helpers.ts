/** Small readers of planned inputs, shared by the per-cloud summaries. */
import type { PlannedResource } from "./engine";

/** Summarizes a component from its descendants' inputs. */
export type Summarize = (children: PlannedResource[]) => string;

export const ofType = (children: PlannedResource[], type: string) => children.filter((c) => c.type === type);
export const first = (children: PlannedResource[], type: string) => ofType(children, type)[0]?.inputs ?? {};
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** The value at `path` inside nested inputs, or undefined. */
export const dig = (obj: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
/** A JSON string input parsed, or undefined when it is not JSON (e.g. unknown under preview). */
export function parsedJson(v: unknown): unknown {
    try {
        return typeof v === "string" ? JSON.parse(v) : undefined;
    } catch {
        return undefined;
    }
}

/** A Docker build and push (GCP and AWS ContainerImage alike). */
export const summarizeDockerImage: Summarize = (c) => {
    const image = first(c, "docker:index/image:Image");
    const build = obj(image.build);
    return `build ${build.context} for ${build.platform} → ${image.imageName}, deployed by digest`;
};
