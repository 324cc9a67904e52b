import { ProjectServices } from "../../../components/gcp/project-services";
import { argProblems, plan } from "../../helpers/inventory";

const SERVICE = "gcp:projects/service:Service";
const API_NAME = 'expected an API name such as "run.googleapis.com", got';

describe("gcp ProjectServices", () => {
    it("enables each API once, keyed and named by its service, and leaves it on when the stack is destroyed", async () => {
        let keys: string[] = [];
        const inv = await plan(() => {
            const apis = new ProjectServices("apis", {
                project: "acme-web-prod",
                services: ["sqladmin.googleapis.com", "run.googleapis.com", "iam-credentials.googleapis.com", "sqladmin.googleapis.com", "bigquery2.googleapis.com"],
            });
            keys = Object.keys(apis.services);
        });
        expect(keys).toEqual(["bigquery2.googleapis.com", "iam-credentials.googleapis.com", "run.googleapis.com", "sqladmin.googleapis.com"]);
        const api = (service: string) => ({ project: "acme-web-prod", service, disableOnDestroy: false, disableDependentServices: false });
        expect(inv.ofType(SERVICE).map((s) => [s.name, s.inputs])).toEqual([
            ["apis-bigquery2", api("bigquery2.googleapis.com")],
            ["apis-iam-credentials", api("iam-credentials.googleapis.com")],
            ["apis-run", api("run.googleapis.com")],
            ["apis-sqladmin", api("sqladmin.googleapis.com")],
        ]);
        expect(inv.childrenOf(inv.one(ProjectServices.TYPE).urn)).toHaveLength(4);
    });

    it("rejects names that are not Google APIs, each by index, before registering anything", () => {
        expect(argProblems(() => new ProjectServices("apis", {
            project: "acme-web-prod",
            services: ["run.googleapis.com", "Run.googleapis.com", "run.googleapis.comx", "run.googleapis.com.evil.example", ".googleapis.com", "run"],
        }))).toEqual([
            `services[1]: ${API_NAME} "Run.googleapis.com"`,
            `services[2]: ${API_NAME} "run.googleapis.comx"`,
            `services[3]: ${API_NAME} "run.googleapis.com.evil.example"`,
            `services[4]: ${API_NAME} ".googleapis.com"`,
            `services[5]: ${API_NAME} "run"`,
        ]);
    });
});
