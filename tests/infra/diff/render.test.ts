import { diffPlans } from "../../../infra/diff/diff";
import { renderMarkdown, renderText } from "../../../infra/diff/render";
import { database, plan, resource, serviceAccount } from "./fixtures";

const names = { base: "base.json", head: "head.json" };

describe("rendering", () => {
    it("shows a secret input as changed without either value, in every format", async () => {
        const base = plan([resource("gcp:secretmanager/secretVersion:SecretVersion", "token", { secretData: "plain-old-value" })]);
        const head = plan([resource("gcp:secretmanager/secretVersion:SecretVersion", "token", { secretData: "[secret]" })]);
        const doc = await diffPlans([base], [head], names);
        for (const text of [renderText(doc), renderMarkdown(doc), JSON.stringify(doc)]) {
            expect(text).not.toContain("plain-old-value");
        }
        expect(renderText(doc)).toContain("secretData: secret changed (value hidden)");
    });

    it("renders text grouped by component with the headline first", async () => {
        const doc = await diffPlans([plan([database()])], [plan([database({ tier: "db-custom-4-15360" }), serviceAccount()])], names);
        expect(renderText(doc).split("\n")).toEqual([
            "prodstack diff: 1 to create, 1 to update in 1 of 1 stack",
            "",
            "stack prod · gcp · 1 to create, 1 to update",
            '  prodstack:gcp:Database "database"',
            '    + create gcp:serviceaccount/account:Account "api-sa"',
            '    ~ update gcp:sql/databaseInstance:DatabaseInstance "database-primary" [stateful; may replace: the provider docs do not say whether these inputs update in place]',
            '        settings.tier: "db-custom-2-7680" → "db-custom-4-15360"',
        ]);
    });

    it("renders markdown: a headline, one collapsible section per changed stack, blocking flags open and bold", async () => {
        const doc = await diffPlans([plan([database()], "prod"), plan([serviceAccount()], "staging")], [plan([], "prod"), plan([serviceAccount()], "staging")], names);
        const md = renderMarkdown(doc);
        expect(md.split("\n")[0]).toBe("### prodstack diff: 1 to delete in 1 of 2 stacks · 1 blocking · 1 to review");
        expect(md.match(/<details/g)).toHaveLength(1);
        expect(md).toContain("<details open><summary>⛔ <b>stack prod</b> · gcp · 1 to delete</summary>");
        expect(md).toContain('- ⛔ **stateful gcp:sql/databaseInstance:DatabaseInstance "database-primary" will be DELETED**');
    });

    it("stays under GitHub's comment limit, keeping a summary line per stack and a note on what it left out", async () => {
        // A type no policy examines, with long names: the size comes from the listing alone.
        const many = (n: number, stack: string) => plan(Array.from({ length: n }, (_, i) => resource("test:index/thing:Thing", `${"x".repeat(150)}-${i}`, {})), stack);
        const doc = await diffPlans([plan([], "a"), plan([], "b")], [many(500, "a"), many(10, "b")], names);
        const full = renderMarkdown(doc, 10_000_000);
        expect(full.length).toBeGreaterThan(65536);
        const md = renderMarkdown(doc);
        expect(md.length).toBeLessThanOrEqual(65536);
        expect(md).toContain("- **stack a**: 500 to create; 0 blocking, 0 to review (details left out)");
        expect(md).toContain("<summary>📝 <b>stack b</b> · gcp · 10 to create</summary>");
        expect(md).toContain("> **Truncated:** the details of 1 stack (a) exceed GitHub's comment limit");
        // The bound is the limit given.
        const small = renderMarkdown(doc, 5000);
        expect(small.length).toBeLessThanOrEqual(5000);
        expect(small).toContain("> **Truncated:** the details of 1 stack (a)");
        const tiny = renderMarkdown(doc, 1500);
        expect(tiny.length).toBeLessThanOrEqual(1500);
        expect(tiny).toContain("> **Truncated:** the details of 2 stacks (a, b)");
    });

    it("keeps a truncated stack's blocking flags", async () => {
        const things = Array.from({ length: 400 }, (_, i) => resource("test:index/thing:Thing", `${"x".repeat(150)}-${i}`, {}));
        const doc = await diffPlans([plan([database(), ...things])], [plan([])], names);
        const md = renderMarkdown(doc);
        expect(md.length).toBeLessThanOrEqual(65536);
        expect(md).toContain("- **stack prod**: 401 to delete; 1 blocking, 1 to review (details left out)\n  - ⛔ **stateful gcp:sql/databaseInstance:DatabaseInstance \"database-primary\" will be DELETED**");
    });
});
