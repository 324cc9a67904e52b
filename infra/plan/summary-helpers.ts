/** What the per-cloud summaries share besides the input readers (`inputs.ts`). */
import type { PlannedResource } from "./engine";
import { first, obj } from "./inputs";

/** Summarizes a component from its descendants; `all` is the whole plan (for who depends on it). */
export type Summarize = (children: PlannedResource[], all: PlannedResource[]) => string;

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

/** Secret values generated once by the stack (random resources that ignore later setting changes). */
export function generatedOnce(c: PlannedResource[]): number {
    return c.filter((r) => r.type === "random:index/randomPassword:RandomPassword" || r.type === "random:index/randomBytes:RandomBytes")
        .filter((r) => r.ignoreChanges.includes("length")).length;
}
