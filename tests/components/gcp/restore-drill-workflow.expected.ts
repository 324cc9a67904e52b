/**
 * The drill and watch workflow sources of tests/components/gcp/restore-drill-workflow.test.ts,
 * written out (reviewed by hand against the Workflows syntax and the connectors): what the
 * cloud receives for a 60-minute offset with verification, and for a 28-hour backup age.
 */

/** The subworkflows both sources carry: the retry predicate and the delete of one copy. */
const SHARED = {
    "retry_sql": {
        "params": [
            "e"
        ],
        "steps": [
            {
                "what": {
                    "switch": [
                        {
                            "condition": "${\"code\" in e and (e.code == 409 or e.code == 429 or e.code >= 500)}",
                            "return": true
                        }
                    ]
                }
            },
            {
                "other": {
                    "return": false
                }
            }
        ]
    },
    "delete_scratch": {
        "params": [
            "project",
            "name"
        ],
        "steps": [
            {
                "unprotect": {
                    "try": {
                        "call": "googleapis.sqladmin.v1.instances.patch",
                        "args": {
                            "project": "${project}",
                            "instance": "${name}",
                            "body": {
                                "settings": {
                                    "deletionProtectionEnabled": false
                                }
                            }
                        }
                    },
                    "retry": {
                        "predicate": "${retry_sql}",
                        "max_retries": 8,
                        "backoff": {
                            "initial_delay": 30,
                            "max_delay": 300,
                            "multiplier": 2
                        }
                    },
                    "except": {
                        "as": "e",
                        "steps": [
                            {
                                "gone": {
                                    "switch": [
                                        {
                                            "condition": "${\"code\" in e and e.code == 404}",
                                            "return": "absent"
                                        }
                                    ]
                                }
                            },
                            {
                                "unexpected": {
                                    "raise": "${e}"
                                }
                            }
                        ]
                    }
                }
            },
            {
                "delete": {
                    "try": {
                        "call": "googleapis.sqladmin.v1.instances.delete",
                        "args": {
                            "project": "${project}",
                            "instance": "${name}"
                        }
                    },
                    "retry": {
                        "predicate": "${retry_sql}",
                        "max_retries": 8,
                        "backoff": {
                            "initial_delay": 30,
                            "max_delay": 300,
                            "multiplier": 2
                        }
                    }
                }
            },
            {
                "deleted": {
                    "return": "deleted"
                }
            }
        ]
    }
};

export const EXPECTED_DRILL = {
    main: {
        "steps": [
            {
                "init": {
                    "assign": [
                        {
                            "project": "${sys.get_env(\"GOOGLE_CLOUD_PROJECT_ID\")}"
                        },
                        {
                            "source": "${sys.get_env(\"DRILL_SOURCE_INSTANCE\")}"
                        },
                        {
                            "environment": "${sys.get_env(\"DRILL_ENVIRONMENT\")}"
                        },
                        {
                            "started": "${sys.now()}"
                        },
                        {
                            "scratch": "${sys.get_env(\"DRILL_SCRATCH_PREFIX\") + \"-\" + string(int(sys.now()))}"
                        },
                        {
                            "pointInTime": "${time.format(sys.now() - 3600)}"
                        },
                        {
                            "step": "clone"
                        }
                    ]
                }
            },
            {
                "drill": {
                    "try": {
                        "steps": [
                            {
                                "clone": {
                                    "call": "googleapis.sqladmin.v1.instances.clone",
                                    "args": {
                                        "project": "${project}",
                                        "instance": "${source}",
                                        "body": {
                                            "cloneContext": {
                                                "destinationInstanceName": "${scratch}",
                                                "pointInTime": "${pointInTime}",
                                                "allocatedIpRange": "${sys.get_env(\"DRILL_ALLOCATED_IP_RANGE\")}"
                                            }
                                        },
                                        "connector_params": {
                                            "timeout": 7200
                                        }
                                    }
                                }
                            },
                            {
                                "mark_label": {
                                    "assign": [
                                        {
                                            "step": "label"
                                        }
                                    ]
                                }
                            },
                            {
                                "label": {
                                    "call": "googleapis.sqladmin.v1.instances.patch",
                                    "args": {
                                        "project": "${project}",
                                        "instance": "${scratch}",
                                        "body": {
                                            "settings": {
                                                "userLabels": {
                                                    "prodstack-restore-drill": "true",
                                                    "environment": "${environment}"
                                                },
                                                "deletionProtectionEnabled": false,
                                                "ipConfiguration": {
                                                    "ipv4Enabled": false
                                                }
                                            }
                                        },
                                        "connector_params": {
                                            "timeout": 7200
                                        }
                                    }
                                }
                            },
                            {
                                "mark_wait": {
                                    "assign": [
                                        {
                                            "step": "wait"
                                        },
                                        {
                                            "polls": 0
                                        }
                                    ]
                                }
                            },
                            {
                                "read_scratch": {
                                    "call": "googleapis.sqladmin.v1.instances.get",
                                    "args": {
                                        "project": "${project}",
                                        "instance": "${scratch}"
                                    },
                                    "result": "copy"
                                }
                            },
                            {
                                "check_runnable": {
                                    "switch": [
                                        {
                                            "condition": "${copy.state == \"RUNNABLE\"}",
                                            "next": "restored"
                                        },
                                        {
                                            "condition": "${polls * 30 >= 7200}",
                                            "raise": "scratch instance not RUNNABLE within 7200 s"
                                        }
                                    ]
                                }
                            },
                            {
                                "wait_runnable": {
                                    "call": "sys.sleep",
                                    "args": {
                                        "seconds": 30
                                    }
                                }
                            },
                            {
                                "count_poll": {
                                    "assign": [
                                        {
                                            "polls": "${polls + 1}"
                                        }
                                    ],
                                    "next": "read_scratch"
                                }
                            },
                            {
                                "restored": {
                                    "assign": [
                                        {
                                            "restoredAt": "${sys.now()}"
                                        }
                                    ]
                                }
                            },
                            {
                                "mark_verify": {
                                    "assign": [
                                        {
                                            "step": "verify"
                                        },
                                        {
                                            "host": ""
                                        },
                                        {
                                            "polls": 0
                                        }
                                    ]
                                }
                            },
                            {
                                "private_ip": {
                                    "for": {
                                        "value": "address",
                                        "in": "${copy.ipAddresses}",
                                        "steps": [
                                            {
                                                "pick": {
                                                    "switch": [
                                                        {
                                                            "condition": "${address.type == \"PRIVATE\"}",
                                                            "assign": [
                                                                {
                                                                    "host": "${address.ipAddress}"
                                                                }
                                                            ]
                                                        }
                                                    ]
                                                }
                                            }
                                        ]
                                    }
                                }
                            },
                            {
                                "has_ip": {
                                    "switch": [
                                        {
                                            "condition": "${host == \"\"}",
                                            "raise": "scratch instance has no private IP address"
                                        }
                                    ]
                                }
                            },
                            {
                                "run_verify": {
                                    "call": "googleapis.run.v2.projects.locations.jobs.run",
                                    "args": {
                                        "name": "${sys.get_env(\"DRILL_VERIFY_JOB\")}",
                                        "body": {
                                            "overrides": {
                                                "containerOverrides": [
                                                    {
                                                        "env": [
                                                            {
                                                                "name": "DATABASE_HOST",
                                                                "value": "${host}"
                                                            },
                                                            {
                                                                "name": "DATABASE_CA_CERT",
                                                                "value": "${copy.serverCaCert.cert}"
                                                            }
                                                        ]
                                                    }
                                                ]
                                            }
                                        },
                                        "connector_params": {
                                            "skip_polling": true
                                        }
                                    },
                                    "result": "started_run"
                                }
                            },
                            {
                                "read_execution": {
                                    "call": "googleapis.run.v2.projects.locations.jobs.executions.get",
                                    "args": {
                                        "name": "${started_run.metadata.name}"
                                    },
                                    "result": "execution"
                                }
                            },
                            {
                                "check_execution": {
                                    "switch": [
                                        {
                                            "condition": "${\"completionTime\" in execution and default(map.get(execution, \"succeededCount\"), 0) >= 1}",
                                            "next": "verified"
                                        },
                                        {
                                            "condition": "${\"completionTime\" in execution}",
                                            "raise": "verification job failed: verifyQuery returned no row or could not connect"
                                        },
                                        {
                                            "condition": "${polls * 30 >= 900}",
                                            "raise": "verification job not finished within 900 s"
                                        }
                                    ]
                                }
                            },
                            {
                                "wait_execution": {
                                    "call": "sys.sleep",
                                    "args": {
                                        "seconds": 30
                                    }
                                }
                            },
                            {
                                "count_execution_poll": {
                                    "assign": [
                                        {
                                            "polls": "${polls + 1}"
                                        }
                                    ],
                                    "next": "read_execution"
                                }
                            },
                            {
                                "verified": {
                                    "assign": [
                                        {
                                            "step": "done"
                                        }
                                    ]
                                }
                            }
                        ]
                    },
                    "except": {
                        "as": "e",
                        "steps": [
                            {
                                "record_failure": {
                                    "call": "sys.log",
                                    "args": {
                                        "severity": "ERROR",
                                        "json": {
                                            "drill": "restore",
                                            "result": "failed",
                                            "durationSeconds": "${int(sys.now() - started)}",
                                            "step": "${step}",
                                            "environment": "${environment}",
                                            "instance": "${source}",
                                            "scratch": "${scratch}",
                                            "error": "${default(map.get(e, \"message\"), json.encode_to_string(e))}"
                                        }
                                    }
                                }
                            },
                            {
                                "delete_after_failure": {
                                    "call": "delete_scratch",
                                    "args": {
                                        "project": "${project}",
                                        "name": "${scratch}"
                                    }
                                }
                            },
                            {
                                "reraise": {
                                    "raise": "${e}"
                                }
                            }
                        ]
                    }
                }
            },
            {
                "record_success": {
                    "call": "sys.log",
                    "args": {
                        "severity": "INFO",
                        "json": {
                            "drill": "restore",
                            "result": "succeeded",
                            "durationSeconds": "${int(sys.now() - started)}",
                            "step": "done",
                            "environment": "${environment}",
                            "instance": "${source}",
                            "scratch": "${scratch}"
                        }
                    }
                }
            },
            {
                "delete_scratch": {
                    "call": "delete_scratch",
                    "args": {
                        "project": "${project}",
                        "name": "${scratch}"
                    }
                }
            },
            {
                "finish": {
                    "return": {
                        "result": "succeeded",
                        "scratch": "${scratch}"
                    }
                }
            }
        ]
    },
    ...SHARED,
};

export const EXPECTED_WATCH = {
    main: {
        "steps": [
            {
                "init": {
                    "assign": [
                        {
                            "project": "${sys.get_env(\"GOOGLE_CLOUD_PROJECT_ID\")}"
                        },
                        {
                            "source": "${sys.get_env(\"DRILL_SOURCE_INSTANCE\")}"
                        },
                        {
                            "environment": "${sys.get_env(\"DRILL_ENVIRONMENT\")}"
                        },
                        {
                            "copies": "${\"^\" + sys.get_env(\"DRILL_SCRATCH_PREFIX\") + \"-[0-9]+$\"}"
                        },
                        {
                            "cutoff": "${sys.now() - 86400}"
                        },
                        {
                            "swept": []
                        }
                    ]
                }
            },
            {
                "list_instances": {
                    "call": "googleapis.sqladmin.v1.instances.list",
                    "args": {
                        "project": "${project}"
                    },
                    "result": "listed"
                }
            },
            {
                "sweep": {
                    "for": {
                        "value": "instance",
                        "in": "${default(map.get(listed, \"items\"), [])}",
                        "steps": [
                            {
                                "leftover": {
                                    "switch": [
                                        {
                                            "condition": "${text.match_regex(instance.name, copies) and time.parse(instance.createTime) < cutoff}",
                                            "steps": [
                                                {
                                                    "delete_leftover": {
                                                        "call": "delete_scratch",
                                                        "args": {
                                                            "project": "${project}",
                                                            "name": "${instance.name}"
                                                        }
                                                    }
                                                },
                                                {
                                                    "note_leftover": {
                                                        "assign": [
                                                            {
                                                                "swept": "${list.concat(swept, instance.name)}"
                                                            }
                                                        ]
                                                    }
                                                }
                                            ]
                                        }
                                    ]
                                }
                            }
                        ]
                    }
                }
            },
            {
                "record_sweep": {
                    "call": "sys.log",
                    "args": {
                        "severity": "${if(len(swept) > 0, \"WARNING\", \"INFO\")}",
                        "json": {
                            "drill": "restore-sweep",
                            "environment": "${environment}",
                            "swept": "${swept}"
                        }
                    }
                }
            },
            {
                "read_source": {
                    "call": "googleapis.sqladmin.v1.instances.get",
                    "args": {
                        "project": "${project}",
                        "instance": "${source}"
                    },
                    "result": "instance"
                }
            },
            {
                "list_backups": {
                    "call": "googleapis.sqladmin.v1.backupRuns.list",
                    "args": {
                        "project": "${project}",
                        "instance": "${source}",
                        "maxResults": 50
                    },
                    "result": "runs"
                }
            },
            {
                "newest": {
                    "assign": [
                        {
                            "newest": "${time.parse(instance.createTime)}"
                        },
                        {
                            "backups": 0
                        }
                    ]
                }
            },
            {
                "find_newest": {
                    "for": {
                        "value": "run",
                        "in": "${default(map.get(runs, \"items\"), [])}",
                        "steps": [
                            {
                                "successful": {
                                    "switch": [
                                        {
                                            "condition": "${run.type == \"AUTOMATED\" and run.status == \"SUCCESSFUL\" and \"endTime\" in run}",
                                            "steps": [
                                                {
                                                    "take": {
                                                        "assign": [
                                                            {
                                                                "backups": "${backups + 1}"
                                                            },
                                                            {
                                                                "newest": "${if(backups == 1 or time.parse(run.endTime) > newest, time.parse(run.endTime), newest)}"
                                                            }
                                                        ]
                                                    }
                                                }
                                            ]
                                        }
                                    ]
                                }
                            }
                        ]
                    }
                }
            },
            {
                "age": {
                    "assign": [
                        {
                            "ageSeconds": "${int(sys.now() - newest)}"
                        }
                    ]
                }
            },
            {
                "record_freshness": {
                    "call": "sys.log",
                    "args": {
                        "severity": "${if(ageSeconds > 100800, \"ERROR\", \"INFO\")}",
                        "json": {
                            "drill": "backup-freshness",
                            "fresh": "${ageSeconds <= 100800}",
                            "newestBackupAgeSeconds": "${ageSeconds}",
                            "successfulBackups": "${backups}",
                            "environment": "${environment}",
                            "instance": "${source}"
                        }
                    }
                }
            },
            {
                "finish": {
                    "return": {
                        "swept": "${swept}",
                        "backupAgeSeconds": "${ageSeconds}"
                    }
                }
            }
        ]
    },
    ...SHARED,
};
