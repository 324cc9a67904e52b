/**
 * The production-hardening roadmap: every item the three user roadmaps
 * (/work/shared/roadmaps, summarised below) ask for that infrastructure can enforce, why,
 * and the policies that verify it. This list is the single source: the policy pack takes
 * each policy's roadmap item from here, `prodstack plan` reports on these items, and
 * docs/roadmap.md is generated from it (`node -r ts-node/register/transpile-only policy/generate.ts`).
 *
 * Roadmaps: "VPS" = 000 (backend + admin and customer portals on MySQL, moving off a VPS),
 * "BM23" = 003 (Django + PostgreSQL + Redis; partly Thai), "SasaMum" = 004 (Node.js +
 * PostgreSQL on Cloud Run or ECS).
 */

export interface RoadmapItem {
    /** Stable identifier, used in reports and the plan JSON. */
    id: string;
    /** The item, as a reviewer reads it. */
    item: string;
    /** Why production needs it. */
    why: string;
    /** Where the user roadmaps ask for it. */
    sources: string[];
    /** Policy names (cloud-neutral) that verify it. */
    policies: string[];
    /**
     * Clouds none of its policies checks yet, and why (which issue brings the rule). A stack
     * on such a cloud reports the item as a gap ("not yet checked"), never as a pass or as
     * not applicable; tests/policy/pack.test.ts keeps this in step with the policies' checks.
     */
    notYetOn?: { aws?: string };
}


export const ROADMAP: readonly RoadmapItem[] = [
    {
        id: "https-only",
        item: "HTTPS only",
        why: "Plain HTTP exposes sessions and tokens to anyone on the path; every HTTP request must be redirected to HTTPS.",
        sources: [
            'BM23 › Security Hardening: "Enable HTTPS only"; Data Security: "Encrypt data in transit (HTTPS)"',
            'SasaMum › Week 3 SSL/TLS Setup: "Configure HTTPS", "Enable secure redirects"',
        ],
        policies: ["https-only", "certificate-validated-before-use"],
    },
    {
        id: "tls-1-2",
        item: "TLS 1.2 or newer",
        why: "TLS 1.0 and 1.1 are deprecated and broken; the load balancer's default still accepts them.",
        sources: ['VPS › 2.3 Security: "Set up SSL/TLS certificates"', 'SasaMum › Week 3 SSL/TLS Setup: "Set up certificates"'],
        policies: ["tls-min-version"],
    },
    {
        id: "security-headers",
        item: "Security headers on every response",
        why: "HSTS, CSP, nosniff, frame and referrer headers stop downgrade, XSS, MIME-sniffing and clickjacking attacks in the browser.",
        sources: [
            'BM23 › Security Hardening: "Configure secure headers"; Security Best Practices: "Enable security headers"',
            'SasaMum › Week 2 Security Implementation: "Add security headers"; Week 3: "Test security headers"',
        ],
        policies: ["security-headers"],
    },
    {
        id: "waf",
        item: "WAF on every public backend",
        why: "A web application firewall blocks SQL injection, XSS and known exploit patterns before they reach the app; a backend reachable around it is unprotected.",
        sources: [
            'VPS › 2.3 Security: "Configure firewall rules", "Set up DDoS protection"',
            'BM23 › Security Audit: "Check for SQL injection vulnerabilities", "Review XSS protection"',
        ],
        policies: ["waf-on-public-backends", "cloud-run-ingress-via-load-balancer", "load-balancer-only-through-cdn", "load-balancer-hardened", "public-hosts-through-cdn"],
    },
    {
        id: "rate-limiting",
        item: "Per-client rate limiting",
        why: "Without a per-client limit one client (a scraper, a credential-stuffing bot) can exhaust the service for everyone.",
        sources: [
            'BM23 › Security Hardening: "Set up rate limiting"; API Security: "Review API rate limiting"; Success Criteria: "Rate limiting active"',
            'SasaMum › Week 2 Security Implementation: "Implement rate limiting"',
        ],
        policies: ["rate-limit-per-client"],
    },
    {
        id: "db-private",
        item: "No public database IP",
        why: "A database with a public address is one leaked password away from the internet; it must be reachable only from the private network.",
        sources: ['VPS › Quick Assessment: "Is the database properly configured?"', 'BM23 › Data Security: "Review data access controls"'],
        policies: ["db-no-public-ip"],
    },
    {
        id: "db-tls",
        item: "Database connections require TLS; data encrypted at rest",
        why: "Unencrypted database connections leak credentials and data on the network.",
        sources: ['BM23 › Data Security: "Encrypt data in transit"'],
        policies: ["db-tls-required", "db-encrypted-at-rest"],
    },
    {
        id: "backups",
        item: "Automated backups with point-in-time recovery and a retention floor",
        why: "Backups are the last line against data loss; point-in-time recovery undoes a bad migration or deletion to the minute.",
        sources: [
            'VPS › 2.2 Backup & Recovery: "Set up automated database backups", "Set up backup retention policy"',
            'BM23 › Database Maintenance: "Set up regular database backups"',
            'SasaMum › Week 4 Backup & Recovery: "Configure automated backups"; Risk 5 Data Loss: "Automated backups + recovery testing"',
        ],
        policies: ["db-backups-pitr", "db-backups-cross-region", "cache-snapshots"],
    },
    {
        id: "backups-restore-tested",
        item: "Backups restore-tested: a scheduled restore drill with alerts",
        why: "A backup nobody restored is a hope, not a backup: a drill restores it on a schedule, checks the copy, deletes it, and pages when it fails or stops succeeding.",
        sources: [
            'VPS › 2.2 Backup & Recovery: "Test backup restoration process"',
            'BM23 › Infrastructure Monitoring: "Set up backup monitoring"',
            'SasaMum › Week 4 Backup & Recovery: "Test backup restoration", "Set up backup monitoring"; Risk 5 Data Loss: "Automated backups + recovery testing"',
        ],
        policies: ["backups-restore-tested"],
    },
    {
        id: "ha",
        item: "High availability for stateful resources in prod",
        why: "A single-zone database or cache takes the product down with its zone; prod fails over automatically.",
        sources: [
            'BM23 › Database Maintenance: "Set up database replication (if needed)"',
            'SasaMum › Risk 1 Database Connection Issues; Milestone 5: "All systems operational"',
        ],
        policies: ["stateful-ha"],
    },
    {
        id: "deletion-protection",
        item: "Deletion protection and `protect` on stateful prod resources",
        why: "One mistaken `pulumi destroy` or console click must not delete production data; both Pulumi and the cloud refuse, and a deleted database still leaves its backups and a final one.",
        sources: ['SasaMum › Risk 5 Data Loss', 'VPS › 2.2 Backup & Recovery: "Document recovery procedures"'],
        policies: ["stateful-deletion-protection", "db-backups-survive-deletion", "load-balancer-deletion-protection"],
    },
    {
        id: "secrets",
        item: "Secrets never in plain environment variables",
        why: "Plain env values show up in the console, in revisions and in state; secrets belong in Secret Manager, mounted at run time.",
        sources: [
            'BM23 › Environment Security: "Secure environment variables", "Review and update secrets"; Security Hardening: "Review and update API keys"',
            'SasaMum › Week 1 Environment & Configuration: "Set up .env files"',
        ],
        policies: ["secrets-not-in-plain-env", "generated-secrets-not-in-plain-env", "secrets-store-encrypted"],
    },
    {
        id: "least-privilege",
        item: "No basic (owner/editor/viewer) roles and no broad IAM",
        why: "Basic and project-wide roles turn one compromised workload into a compromised project.",
        sources: ['BM23 › API Security: "Review API authorization"; Data Security: "Review data access controls"'],
        policies: ["iam-no-broad-roles", "ci-short-lived-credentials", "containers-hardened", "db-iam-auth"],
    },
    {
        id: "service-identities",
        item: "Dedicated service identities",
        why: "Each workload runs as its own least-privileged identity, never the default Compute Engine account that holds Editor.",
        sources: ['BM23 › Code Security: "Review authentication and authorization"'],
        policies: ["dedicated-service-identities"],
    },
    {
        id: "uptime-alerts",
        item: "Uptime check and alert for every public host",
        why: "Users should not be the ones to notice an outage: every public host is probed over HTTPS and a failure pages someone.",
        sources: [
            'VPS › 2.1 Monitoring & Logging: "Set up uptime monitoring", "Configure alerting for critical issues"',
            'BM23 › Infrastructure Monitoring: "Set up uptime monitoring"; Application Monitoring: "Set up alerting"',
            'SasaMum › Week 3 Monitoring Setup: "Configure alerts"; Success Criteria: "Monitoring alerts configured"',
        ],
        policies: ["uptime-and-alerts-per-public-host"],
    },
    {
        id: "alert-runbooks",
        item: "Every alert has a runbook",
        why: "An alert at 3 a.m. is only useful if whoever is paged knows what fired, why it usually does, and what to do first.",
        sources: [
            'VPS › 3.3 Operations: "Create runbooks for common issues"',
            'SasaMum › Day 5-6 Team Preparation: "Document runbooks"',
        ],
        policies: ["alerts-have-runbooks"],
    },
    {
        id: "resource-alerts",
        item: "Alerts on databases and caches",
        why: "Running out of CPU, memory, disk or connections is predictable; an alert buys time before it becomes an outage.",
        sources: [
            'BM23 › Application Monitoring: "Monitor database performance"; Infrastructure Monitoring: "Monitor server resources (CPU, memory, disk)"',
            'VPS › 2.1 Monitoring & Logging: "Set up application monitoring"',
        ],
        policies: ["stateful-resources-alerted"],
    },
    {
        id: "job-worker-alerts",
        item: "Alerts on failed jobs and crashing workers",
        why: "Migrations, scheduled jobs and queue workers serve no requests: no uptime check or error-rate alert sees them fail, so each needs its own alert.",
        sources: [
            'BM23 › Deployment Steps: "python manage.py migrate"; Application Monitoring: "Set up alerting"',
            'VPS › 2.1 Monitoring & Logging: "Configure alerting for critical issues"',
        ],
        policies: ["jobs-and-workers-alerted"],
    },
    {
        id: "log-retention",
        item: "Log retention set",
        why: "Logs are the audit trail of an incident; their retention is a decision, not an accident of defaults.",
        sources: [
            'VPS › 2.1 Monitoring & Logging: "Configure log aggregation"',
            'BM23 › Infrastructure Monitoring: "Configure log aggregation"; Data Security: "Set up audit logging", "Implement data retention policies"',
        ],
        policies: ["log-retention-set", "logs-encrypted", "network-flow-logs", "db-logs-exported"],
    },
    {
        id: "labels",
        item: "Labels (tags) on every resource",
        why: "Labels attribute cost and ownership per environment and tier, and let alerts and budgets filter on them.",
        sources: ['SasaMum › Resource Requirements: "Budget Estimate"'],
        policies: ["labels-present"],
    },
    {
        id: "private-buckets",
        item: "Buckets private with uniform access",
        why:
            "Public buckets are the classic data leak. Only a static-site origin behind Cloud CDN may let anyone read its objects " +
            "(its files are public by nature); nothing may list, write or read any other bucket anonymously.",
        sources: ['BM23 › API Security: "Check for sensitive data exposure"; Post-Deployment: "Test file uploads/downloads"'],
        policies: ["buckets-private-uniform", "site-origins-private"],
    },
    {
        id: "bucket-versioning",
        item: "Object versioning on every bucket",
        why: "A bad deploy or a script that overwrites or deletes objects must be reversible; a log archive gets a retention period instead.",
        sources: [
            'VPS › 2.2 Backup & Recovery: "Set up backup retention policy"',
            'SasaMum › Risk 5 Data Loss: "Automated backups + recovery testing"',
        ],
        policies: ["buckets-versioned"],
    },
    {
        id: "redis-auth-tls",
        item: "Redis with AUTH and TLS",
        why: "Without AUTH any host on the network can read and flush the cache; without TLS its traffic is readable.",
        sources: ['BM23 › Infrastructure: "Set up Redis for caching"; Data Security: "Encrypt data in transit"'],
        policies: ["redis-auth-tls"],
    },
    {
        id: "network-ingress",
        item: "No world-open network ingress",
        why: "Nothing in the VPC is reachable from the internet except through the load balancer.",
        sources: ['VPS › 2.3 Security: "Configure firewall rules"', 'SasaMum › Week 3 Cloud Platform: "Networking Configured"'],
        policies: ["firewall-no-world-open-ingress", "default-security-group-closed", "workloads-private", "caches-private"],
    },
    {
        id: "cdn",
        item: "Static assets on the CDN",
        why: "Static files served from edge caches are fast everywhere and take load off the origin.",
        sources: [
            'VPS › 2.4 Performance: "Set up CDN for static assets", "Configure caching strategies"',
            'SasaMum › Week 4 Performance Optimization: "Compress static assets", "Enable caching"',
        ],
        policies: ["static-assets-on-cdn"],
    },
    {
        id: "autoscaling",
        item: "Bounded autoscaling",
        why: "Autoscaling absorbs traffic; a maximum keeps a spike or an attack from running up cost and exhausting database connections.",
        sources: ['VPS › 2.4 Performance: "Set up load balancing (if needed)", "Configure auto-scaling (if needed)"', "SasaMum › Risk 3 Performance Degradation"],
        policies: ["autoscaling-bounded"],
    },
    {
        id: "maintenance-window",
        item: "Database maintenance window",
        why: "Managed databases restart for updates; a fixed low-traffic window makes that predictable.",
        sources: ['VPS › 3.3 Operations: "Create maintenance windows schedule"'],
        policies: ["db-maintenance-window"],
    },
    {
        id: "budget",
        item: "Billing budget with alerts",
        why: "A cost spike (runaway scaling, abuse) should alert before the invoice does.",
        sources: ['SasaMum › Resource Requirements: "Budget Estimate: Cloud Infrastructure $50-200/month"'],
        policies: ["billing-budget"],
    },
    {
        id: "pinned-images",
        item: "Pinned container images",
        why: "Deploying by digest or immutable tag makes every release reproducible and a rollback exact.",
        sources: [
            'SasaMum › Week 3 Backend Deployment: "Build Docker image", "Push to container registry"; Risk 2: "quick rollback"',
        ],
        policies: ["images-pinned", "registry-hardened"],
    },
];

/** The roadmap item a policy verifies. */
export function roadmapItemOf(policyName: string): RoadmapItem | undefined {
    return ROADMAP.find((i) => i.policies.includes(policyName));
}
