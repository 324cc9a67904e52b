// AWS components land here (ECS Fargate service, RDS, ElastiCache, CloudFront, …).
export {};
