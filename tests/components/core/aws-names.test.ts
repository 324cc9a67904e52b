import { AWS_ACCOUNT_ID, AWS_NAME_MAX, AWS_REGION, isAvailabilityZoneOf } from "../../../components/core/aws-names";

describe("AWS identifiers", () => {
    it.each(["eu-central-1", "us-east-1", "ap-southeast-4", "us-gov-west-1", "il-central-1", "ca-west-1"])("accepts region %s", (region) => {
        expect(AWS_REGION.test(region)).toBe(true);
    });

    it.each(["europe-west1", "eu-central", "EU-CENTRAL-1", "eu-central-1a", "us-east-1 ", ""])("rejects region %j", (region) => {
        expect(AWS_REGION.test(region)).toBe(false);
    });

    it.each([
        ["eu-central-1a", "eu-central-1", true],
        ["eu-central-1c", "eu-central-1", true],
        ["eu-central-1", "eu-central-1", false],
        ["eu-central-2a", "eu-central-1", false],
        ["us-west-2-lax-1a", "us-west-2", false],
        ["eu-central-1A", "eu-central-1", false],
    ])("%s is an availability zone of %s: %s", (zone, region, expected) => {
        expect(isAvailabilityZoneOf(zone, region)).toBe(expected);
    });

    it.each([
        ["123456789012", true],
        ["12345678901", false],
        ["1234567890123", false],
        ["12345678901a", false],
    ])("account ID %s is valid: %s", (id, expected) => {
        expect(AWS_ACCOUNT_ID.test(id)).toBe(expected);
    });
});

describe("AWS name limits", () => {
    it("lists each API's longest name", () => {
        expect(AWS_NAME_MAX).toEqual({
            iamRole: 64,
            iamPolicy: 128,
            loadBalancer: 32,
            ecs: 255,
            securityGroup: 255,
            ecrRepository: 256,
            logGroup: 512,
            secret: 512,
            kmsAlias: 256,
        });
    });
});
