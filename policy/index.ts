import { PolicyPack } from "@pulumi/policy";
const x: number = 1;
new PolicyPack("proto", { policies: [{ name: "p", description: "d", enforcementLevel: "advisory", validateResource: () => { void x; } }] });
