import { PolicyPack } from "@pulumi/policy";
const x: number = "s";
new PolicyPack("proto", { policies: [{ name: "p", description: "d", enforcementLevel: "advisory", validateResource: () => { void x; } }] });
