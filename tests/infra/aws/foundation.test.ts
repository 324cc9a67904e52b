/** The AWS foundation: the us-east-1 key exists only once something asks for it, and only once. */
import { deployFoundation } from "../../../infra/aws/foundation";
import { parseSpec } from "../../../infra/config";
import { plan } from "../../helpers/inventory";
import { rawAwsSpec } from "../../helpers/spec";

const KEY = "aws:kms/key:Key";

describe("AWS foundation", () => {
    it("creates no us-east-1 key until a concern asks for it", async () => {
        const inv = await plan(() => deployFoundation(parseSpec(rawAwsSpec(), "test"), {}));
        expect(inv.ofType(KEY).map((k) => k.inputs.region)).toEqual(["eu-central-1"]);
    });

    it("creates one us-east-1 key for logs and alarms however often it is asked for, protected in prod", async () => {
        const inv = await plan(() => {
            const f = deployFoundation(parseSpec(rawAwsSpec("prod"), "test"), {});
            expect(f.usEast1Key()).toBe(f.usEast1Key());
            expect(f.usEast1Key()).not.toBe(f.key);
        });
        const keys = inv.ofType(KEY);
        expect(keys.map((k) => k.inputs.region).sort()).toEqual(["eu-central-1", "us-east-1"]);
        const east = keys.find((k) => k.inputs.region === "us-east-1")!;
        expect(east.protect).toBe(true);
        const services = JSON.parse(east.inputs.policy as string).Statement.flatMap((s: any) => s.Principal?.Service ?? []);
        expect(services).toEqual(["logs.us-east-1.amazonaws.com", "cloudwatch.amazonaws.com"]);
    });

    it("uses the environment's own key when the environment is in us-east-1", async () => {
        const raw = { ...rawAwsSpec(), region: "us-east-1", aws: { accountId: "123456789012", availabilityZones: ["us-east-1a", "us-east-1b"] } };
        const inv = await plan(() => {
            const f = deployFoundation(parseSpec(raw, "test"), {});
            expect(f.usEast1Key()).toBe(f.key);
        });
        expect(inv.ofType(KEY)).toHaveLength(1);
    });
});
