import { effectOf, rulePath } from "../../../infra/diff/replacement";
import { REPLACEMENT_RULES } from "../../../infra/diff/replacement-rules.generated";
import { constructedClasses, FORCES, resourceToken } from "../../../scripts/replacement-rules";

describe("replacement rules", () => {
    it("cover every resource type the components and the program construct (regenerate with scripts/replacement-rules.ts)", () => {
        const tokens = constructedClasses().map((c) => resourceToken(c.sdk, c.module, c.cls)?.token).filter((t): t is string => !!t);
        expect(tokens).toEqual(expect.arrayContaining(["gcp:sql/databaseInstance:DatabaseInstance", "aws:s3/bucket:Bucket", "pulumi:providers:gcp"]));
        expect(tokens.filter((t) => !REPLACEMENT_RULES[t])).toEqual([]);
    });

    it("read the provider docs' wording for a forced replacement, and not other mentions of 'new'", () => {
        for (const doc of [
            "Changing this forces a new resource to be created.",
            "Changing this forces a new service account to be created.",
            "The field is immutable and causes resource replacement when mutated.",
            "It cannot be changed after the Secret has been created.",
            "Arbitrary map of values that, when changed, will trigger recreation of resource.",
            "(Forces new for Multi-AZ DB clusters) Specifies the storage type.",
        ]) {
            expect([doc, FORCES.test(doc)]).toEqual([doc, true]);
        }
        for (const doc of ["Enable to force a new task deployment of the service.", "The name of the new bucket.", "Whether the new revision serves traffic."]) {
            expect([doc, FORCES.test(doc)]).toEqual([doc, false]);
        }
    });

    it("classify a path: documented rule (also below it, list items unindexed) replaces; everything else is unknown", () => {
        const rules = { "t:a/b:C": { source: "sdk c.d.ts", forcesReplacement: { "settings.zone": "Changing this forces a new resource." } } };
        expect(rulePath("template.containers[2].image")).toBe("template.containers.image");
        expect(effectOf("t:a/b:C", "settings.zone", rules)).toEqual({ effect: "replaces", rule: "settings.zone: Changing this forces a new resource.", source: "sdk c.d.ts" });
        expect(effectOf("t:a/b:C", "settings[0].zone.name", rules).effect).toBe("replaces");
        expect(effectOf("t:a/b:C", "settings.zoneName", rules).effect).toBe("unknown");
        expect(effectOf("t:x/y:Z", "settings.zone", rules).effect).toBe("unknown");
    });
});
