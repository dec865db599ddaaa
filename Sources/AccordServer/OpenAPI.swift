import AccordCore

/// The OpenAPI 3 document served at `/openapi.json`: every route of the server, kept true by
/// `OpenAPITests`, which checks the router's routes against it both ways.
enum OpenAPI {
  static let document = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Accord",
        "version": "1",
        "description": "Executable, cited, date-versioned law of local cooperation with federal immigration enforcement. Not legal advice: every answer names its law version and the completeness of its sources."
      },
      "servers": [
        {
          "url": "http://127.0.0.1:8080"
        }
      ],
      "tags": [
        {
          "name": "pages",
          "description": "Server-rendered HTML pages"
        }
      ],
      "paths": {
        "/v1/health": {
          "get": {
            "summary": "A trivial route: the server is up",
            "operationId": "health",
            "responses": {
              "200": {
                "description": "up",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "status": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/decide": {
          "post": {
            "summary": "Decide one case (INTERFACE.md) for all ten actions",
            "operationId": "decide",
            "description": "The answer is exactly `accord decide --format json` of the same case. Every decision served is appended to the hash-chained decision log (hashes only). Body limit 1 MB.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/Case"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "the decision",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Decision"
                    }
                  }
                }
              },
              "400": {
                "description": "the body is not a case: the error names line, column and JSON path",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "413": {
                "description": "the body is larger than 1 MB",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "503": {
                "description": "the decision log could not be written",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/interview": {
          "post": {
            "summary": "The next question: the fact whose answer decides the most still-undetermined actions, and why",
            "operationId": "interview",
            "description": "Decides the case, then returns the next fact to ask (its wording in English and Spanish, its answers, the actions and clauses it would decide), or done with what stays open. Not written to the decision log. Body limit 1 MB.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": ["case"],
                    "additionalProperties": false,
                    "properties": {
                      "case": { "$ref": "#/components/schemas/Case" },
                      "actions": { "type": "array", "items": { "type": "string" }, "description": "actions the interview is about (default: all ten)" },
                      "skip": { "type": "array", "items": { "type": "string" }, "description": "question keys the user declined to answer" }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "the decision so far and the next question, or done",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["done", "actions", "open", "decision"],
                      "properties": {
                        "done": { "type": "boolean" },
                        "actions": { "type": "array", "items": { "type": "string" } },
                        "next": { "type": "object" },
                        "open": { "type": "array", "items": { "type": "object" } },
                        "decision": { "$ref": "#/components/schemas/Decision" }
                      }
                    }
                  }
                }
              },
              "400": {
                "description": "the body is not an interview request: the error names line, column and path",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              },
              "413": {
                "description": "the body is larger than 1 MB",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
              }
            }
          }
        },
        "/v1/decide/batch": {
          "post": {
            "summary": "Decide many cases: a JSON array, or JSON Lines (one case per line)",
            "operationId": "decideBatch",
            "description": "Each case gives its decision or its own error (with its index or line); at most 10,000 cases and 8 MB.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Case"
                    }
                  }
                },
                "application/x-ndjson": {
                  "schema": {
                    "type": "string"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "one result per case, in order",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/BatchResult"
                    }
                  }
                }
              },
              "400": {
                "description": "the array itself is not JSON",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "413": {
                "description": "too many cases or too large a body",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "503": {
                "description": "the decision log could not be written",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/coverage": {
          "get": {
            "summary": "The coverage ledger on a date: every jurisdiction's status (encoded, researched, none, unresearched), law files and known laws not encoded (accord coverage --format json)",
            "operationId": "coverage",
            "parameters": [
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD; absent: today (UTC)",
                "schema": {
                  "type": "string",
                  "example": "2025-06-01"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the ledger on the date",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Coverage"
                    }
                  }
                }
              },
              "400": {
                "description": "a bad date",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/coverage": {
          "get": {
            "summary": "What Accord knows of each place's law on a date",
            "operationId": "coveragePage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the page",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "description": "a bad date",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/places": {
          "get": {
            "summary": "Every place with its level, parent chain and law files' provenance",
            "operationId": "places",
            "responses": {
              "200": {
                "description": "the places",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Places"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/compare": {
          "get": {
            "summary": "Ten reference cases decided in each place (accord compare --format json)",
            "operationId": "compare",
            "parameters": [
              {
                "name": "places",
                "in": "query",
                "required": false,
                "description": "comma-separated place IDs; absent: every place",
                "schema": {
                  "type": "string",
                  "example": "US-NJ,US-CA"
                }
              },
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD; absent: today (UTC)",
                "schema": {
                  "type": "string",
                  "example": "2025-06-01"
                }
              },
              {
                "name": "agency",
                "in": "query",
                "required": false,
                "description": "jail (default), police, state-prison or probation",
                "schema": {
                  "type": "string",
                  "example": "jail"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the comparison",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Comparison"
                    }
                  }
                }
              },
              "400": {
                "description": "an unknown place, date or agency",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/law/{state}": {
          "get": {
            "summary": "A federal or state place's law files: provenance, text and source text",
            "operationId": "lawOfState",
            "parameters": [
              {
                "name": "state",
                "in": "path",
                "required": true,
                "description": "`US` or `US-XX`",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the place's law",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Law"
                    }
                  }
                }
              },
              "404": {
                "description": "no such place",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/law/{state}/{local}": {
          "get": {
            "summary": "A county's or city's law files (`US-XX/slug`)",
            "operationId": "lawOfLocalPlace",
            "parameters": [
              {
                "name": "state",
                "in": "path",
                "required": true,
                "description": "`US-XX`",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "local",
                "in": "path",
                "required": true,
                "description": "the county or city slug, e.g. `los-angeles`",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the place's law",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Law"
                    }
                  }
                }
              },
              "404": {
                "description": "no such place",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/log/verify": {
          "get": {
            "summary": "Recompute the decision log's hash chain (admin)",
            "operationId": "verifyLog",
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "whether the chain is intact, and the first bad entry",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LogVerification"
                    }
                  }
                }
              },
              "401": {
                "description": "no token, or a token that is not valid",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "the token's role is too low",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/audits": {
          "post": {
            "summary": "Upload detainer records (CSV, JSON Lines or XLSX) and audit them (auditor or admin)",
            "operationId": "uploadAudit",
            "security": [
              {
                "bearer": []
              }
            ],
            "description": "The body is the file itself (at most 20 MB). The layout is detected from the header (docs/EVENTS.md and the public datasets accord audit reads). The same bytes uploaded again give the audit already made (200).",
            "parameters": [
              {
                "name": "name",
                "in": "query",
                "required": false,
                "description": "the file's name, kept in the report",
                "schema": {
                  "type": "string",
                  "example": "events.csv"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "text/csv": {
                  "schema": {
                    "type": "string"
                  }
                },
                "application/x-ndjson": {
                  "schema": {
                    "type": "string"
                  }
                },
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                  "schema": {
                    "type": "string",
                    "format": "binary"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "audited",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Audit"
                    }
                  }
                }
              },
              "200": {
                "description": "the same file was audited before",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Audit"
                    }
                  }
                }
              },
              "400": {
                "description": "the file is empty or of no known layout",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "413": {
                "description": "the file is larger than 20 MB",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "no token, or a token that is not valid",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "the token's role is too low",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          },
          "get": {
            "summary": "Every uploaded audit (viewer or higher)",
            "operationId": "listAudits",
            "security": [
              {
                "bearer": []
              }
            ],
            "responses": {
              "200": {
                "description": "the audits",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "audits": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Audit"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "401": {
                "description": "no token, or a token that is not valid",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "the token's role is too low",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/audits/{id}": {
          "get": {
            "summary": "One audit's report (accord audit --format json) (viewer or higher)",
            "operationId": "getAudit",
            "security": [
              {
                "bearer": []
              }
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "the audit's id",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the report",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "description": "AuditReport JSON: read, processed, rejected, verdicts, datasets, byFacility, byMonth, violationsByClause, …"
                    }
                  }
                }
              },
              "404": {
                "description": "no such audit",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "401": {
                "description": "no token, or a token that is not valid",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "403": {
                "description": "the token's role is too low",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/simulate": {
          "get": {
            "summary": "Simulate a year of bookings under the law in force, optionally with a reform (accord simulate --format json)",
            "operationId": "simulate",
            "parameters": [
              {
                "name": "place",
                "in": "query",
                "required": false,
                "description": "US (every place with parameters) or a place with parameters",
                "schema": {
                  "type": "string",
                  "example": "US-NJ"
                }
              },
              {
                "name": "year",
                "in": "query",
                "required": false,
                "description": "the year",
                "schema": {
                  "type": "string",
                  "example": "2020"
                }
              },
              {
                "name": "reform",
                "in": "query",
                "required": false,
                "description": "a file of sim/reforms, e.g. nj-lookback-10y.md",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "runs",
                "in": "query",
                "required": false,
                "description": "1 to 20 (default 5)",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "seed",
                "in": "query",
                "required": false,
                "description": "random seed (default 1)",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "the simulation report",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "description": "SimulationReport JSON: baseline, reform and change, with bands"
                    }
                  }
                }
              },
              "400": {
                "description": "a bad parameter or an input the simulator refuses",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "503": {
                "description": "the parameter files are not available",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {
              "200": {
                "description": "OpenAPI 3.0",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          }
        },
        "/": {
          "get": {
            "summary": "Home page",
            "operationId": "homePage",
            "tags": [
              "pages"
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/matrix": {
          "get": {
            "summary": "Jurisdiction matrix: actions × places for a reference profile, or actions × profiles for one place",
            "operationId": "matrixPage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "agency",
                "in": "query",
                "required": false,
                "description": "jail, police, state-prison or probation",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "profile",
                "in": "query",
                "required": false,
                "description": "a reference profile id, e.g. no-record/administrative",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "place",
                "in": "query",
                "required": false,
                "description": "one place: all ten profiles",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "description": "a bad filter",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/map": {
          "get": {
            "summary": "US tile map coloured by how much each state's law restricts cooperation",
            "operationId": "mapPage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "agency",
                "in": "query",
                "required": false,
                "description": "the agency",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "profile",
                "in": "query",
                "required": false,
                "description": "a reference profile id",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML with an inline SVG map",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/interview": {
          "get": {
            "summary": "The interview's start form: place, date, the actions to decide, the language",
            "operationId": "interviewPage",
            "tags": ["pages"],
            "parameters": [
              { "name": "lang", "in": "query", "required": false, "description": "en or es", "schema": { "type": "string", "enum": ["en", "es"] } }
            ],
            "responses": { "200": { "description": "HTML page", "content": { "text/html": { "schema": { "type": "string" } } } } }
          },
          "post": {
            "summary": "One interview step: the answers so far (form fields, never in the URL) in, the next question and the decision so far out",
            "operationId": "interviewStep",
            "tags": ["pages"],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "place": { "type": "string" },
                      "date": { "type": "string" },
                      "lang": { "type": "string", "enum": ["en", "es"] },
                      "action": { "type": "array", "items": { "type": "string" } },
                      "a": { "type": "array", "items": { "type": "string" }, "description": "answers given: path|category|value" },
                      "skip": { "type": "array", "items": { "type": "string" } },
                      "g287": { "type": "array", "items": { "type": "string", "enum": ["JEM", "WSO", "TFM"] }, "description": "the agency's 287(g) models (none given: none)" },
                      "q": { "type": "string" },
                      "qc": { "type": "string" },
                      "answer": { "type": "string" },
                      "skipq": { "type": "string" },
                      "back": { "type": "string" }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": { "description": "HTML page", "content": { "text/html": { "schema": { "type": "string" } } } },
              "413": { "description": "the body is larger than 64 KB", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
          }
        },
        "/record": {
          "get": {
            "summary": "What a decision record is, and a form to paste a case; a link whose fragment (#r=…) holds an interview's answers is posted by the page's script",
            "operationId": "recordPage",
            "tags": ["pages"],
            "parameters": [
              { "name": "lang", "in": "query", "required": false, "description": "en or es", "schema": { "type": "string", "enum": ["en", "es"] } }
            ],
            "responses": { "200": { "description": "HTML page", "content": { "text/html": { "schema": { "type": "string" } } } } }
          },
          "post": {
            "summary": "A decision record to print (HTML, en or es): the facts used, the law version, each action's status and clause, the sources' completeness, the warnings and the decision log's entry. The decision is logged like any other.",
            "operationId": "record",
            "tags": ["pages"],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "case": { "type": "string", "description": "a case as INTERFACE.md's JSON; or, instead, an interview's fields:" },
                      "place": { "type": "string" },
                      "date": { "type": "string" },
                      "lang": { "type": "string", "enum": ["en", "es"] },
                      "action": { "type": "array", "items": { "type": "string" } },
                      "g287": { "type": "array", "items": { "type": "string", "enum": ["JEM", "WSO", "TFM"] } },
                      "a": { "type": "array", "items": { "type": "string" }, "description": "answers given: path|category|value" }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": { "description": "HTML page", "content": { "text/html": { "schema": { "type": "string" } } } },
              "400": { "description": "the case or the answers cannot be read (the page names where and why)", "content": { "text/html": { "schema": { "type": "string" } } } },
              "413": { "description": "the body is larger than 256 KB", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "503": { "description": "the decision log cannot be written, so no record is made", "content": { "text/html": { "schema": { "type": "string" } } } }
            }
          }
        },
        "/static/accord.js": {
          "get": {
            "summary": "The pages' one script (same origin): reopens an interview or a record from a link's fragment, and prints a record",
            "operationId": "script",
            "tags": ["pages"],
            "responses": { "200": { "description": "JavaScript", "content": { "text/javascript": { "schema": { "type": "string" } } } } }
          }
        },
        "/case": {
          "get": {
            "summary": "Case explorer: a form for the facts and the decision with citations and explanations",
            "operationId": "casePage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "place",
                "in": "query",
                "required": false,
                "description": "place ID",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "date",
                "in": "query",
                "required": false,
                "description": "YYYY-MM-DD",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "json",
                "in": "query",
                "required": false,
                "description": "a whole case as JSON (wins over the fields)",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/law": {
          "get": {
            "summary": "Law browser: every law file with its provenance",
            "operationId": "lawIndexPage",
            "tags": [
              "pages"
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/law/{file}": {
          "get": {
            "summary": "One literate law file rendered, with anchors #rule-LABEL and #L<line>",
            "operationId": "lawFilePage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "file",
                "in": "path",
                "required": true,
                "description": "path under law/, e.g. us-nj/immigrant-trust-directive.md (may contain slashes)",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "404": {
                "description": "no such file",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/agreements": {
          "get": {
            "summary": "287(g) timeline from ICE's monthly sheets",
            "operationId": "agreementsPage",
            "tags": [
              "pages"
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/agreements/report": {
          "get": {
            "summary": "The full 287(g) report (accord agreements --format html)",
            "operationId": "agreementsReportPage",
            "tags": [
              "pages"
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "404": {
                "description": "the archive is not available",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/simulate": {
          "get": {
            "summary": "Simulation form → AccordSim's report with its charts",
            "operationId": "simulatePage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "place",
                "in": "query",
                "required": false,
                "description": "place",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "year",
                "in": "query",
                "required": false,
                "description": "year",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "reform",
                "in": "query",
                "required": false,
                "description": "reform file",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "runs",
                "in": "query",
                "required": false,
                "description": "runs",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "seed",
                "in": "query",
                "required": false,
                "description": "seed",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/login": {
          "get": {
            "summary": "Sign-in form for the audit pages",
            "operationId": "loginPage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "next",
                "in": "query",
                "required": false,
                "description": "where to go after signing in",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "post": {
            "summary": "Sign in with a token (form post); sets an HttpOnly, SameSite=Strict cookie",
            "operationId": "login",
            "tags": [
              "pages"
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "token": {
                        "type": "string"
                      },
                      "next": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "303": {
                "description": "signed in"
              },
              "401": {
                "description": "the token is not valid",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/logout": {
          "post": {
            "summary": "Sign out (clears the cookie)",
            "operationId": "logout",
            "tags": [
              "pages"
            ],
            "responses": {
              "303": {
                "description": "signed out"
              }
            }
          }
        },
        "/audits": {
          "get": {
            "summary": "Audits page: the list, and the upload form for auditors",
            "operationId": "auditsPage",
            "tags": [
              "pages"
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "description": "not signed in",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "403": {
                "description": "role too low",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "post": {
            "summary": "Upload form (multipart/form-data, field `file`)",
            "operationId": "uploadAuditForm",
            "tags": [
              "pages"
            ],
            "requestBody": {
              "required": true,
              "content": {
                "multipart/form-data": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "file": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "303": {
                "description": "to the audit's page"
              },
              "400": {
                "description": "unreadable file",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "description": "not signed in",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "403": {
                "description": "role too low",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "413": {
                "description": "too large",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/audits/{id}": {
          "get": {
            "summary": "One audit's report with its charts",
            "operationId": "auditPage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "the audit's id",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "description": "not signed in",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "404": {
                "description": "no such audit",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/audits/{id}/report": {
          "get": {
            "summary": "The audit's report as a standalone page (accord audit --format html)",
            "operationId": "auditReportPage",
            "tags": [
              "pages"
            ],
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "the audit's id",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "HTML",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "401": {
                "description": "not signed in",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "404": {
                "description": "no such audit",
                "content": {
                  "text/html": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Case": \#(FactTable.openAPICaseSchema),
          "Decision": {
            "type": "object",
            "properties": {
              "place": {
                "type": "string"
              },
              "date": {
                "type": "string",
                "format": "date"
              },
              "actions": {
                "type": "object",
                "additionalProperties": {
                  "type": "object",
                  "properties": {
                    "status": {
                      "type": "string",
                      "enum": [
                        "required",
                        "permitted",
                        "prohibited",
                        "undetermined"
                      ]
                    },
                    "because": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "rule": {
                            "type": "string"
                          },
                          "cite": {
                            "type": "string"
                          },
                          "source": {
                            "type": "string",
                            "description": "law/<file>:<line>; the law browser's /law/<file>#rule-<rule>"
                          },
                          "place": {
                            "type": "string"
                          },
                          "completeness": {
                            "type": "string",
                            "enum": [
                              "verbatim",
                              "partial",
                              "summary"
                            ]
                          }
                        }
                      }
                    },
                    "needs": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "possible": {
                      "type": "array",
                      "items": {
                        "type": "string",
                        "enum": [
                          "required",
                          "permitted",
                          "prohibited",
                          "undetermined"
                        ]
                      }
                    }
                  }
                }
              },
              "conflicts": {
                "type": "array",
                "items": {
                  "type": "object"
                }
              },
              "warnings": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "lawVersion": {
                "type": "string"
              },
              "disclaimer": {
                "type": "string"
              }
            }
          },
          "Error": {
            "type": "object",
            "properties": {
              "error": {
                "type": "object",
                "required": [
                  "status",
                  "message"
                ],
                "properties": {
                  "status": {
                    "type": "integer"
                  },
                  "message": {
                    "type": "string"
                  },
                  "line": {
                    "type": "integer"
                  },
                  "column": {
                    "type": "integer"
                  },
                  "path": {
                    "type": "string",
                    "description": "JSON path of the offending value, e.g. person.convictions[0].date"
                  },
                  "help": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "BatchResult": {
            "type": "object",
            "properties": {
              "read": {
                "type": "integer"
              },
              "decided": {
                "type": "integer"
              },
              "rejected": {
                "type": "integer"
              },
              "lawVersion": {
                "type": "string"
              },
              "results": {
                "type": "array",
                "items": {
                  "oneOf": [
                    {
                      "$ref": "#/components/schemas/Decision"
                    },
                    {
                      "$ref": "#/components/schemas/Error"
                    }
                  ]
                }
              }
            }
          },
          "Coverage": {
            "type": "object",
            "required": ["date", "lawVersion", "totals", "absentFromLedger", "jurisdictions", "disclaimer"],
            "properties": {
              "date": { "type": "string" },
              "lawVersion": { "type": "string" },
              "totals": { "type": "object" },
              "absentFromLedger": { "type": "array", "items": { "type": "string" } },
              "jurisdictions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["id", "name", "level", "status", "periods", "files", "known"],
                  "properties": {
                    "id": { "type": "string" },
                    "name": { "type": "string" },
                    "level": { "type": "string", "enum": ["federal", "state", "county", "city"] },
                    "parent": { "type": "string", "nullable": true },
                    "status": { "type": "string", "enum": ["encoded", "researched", "none", "unresearched"] },
                    "ledger": { "type": "string", "nullable": true },
                    "periods": { "type": "array", "items": { "type": "object" } },
                    "files": { "type": "array", "items": { "type": "object" } },
                    "known": { "type": "array", "items": { "type": "object" } }
                  }
                }
              },
              "disclaimer": { "type": "string" }
            }
          },
          "Places": {
            "type": "object",
            "properties": {
              "lawVersion": {
                "type": "string"
              },
              "places": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "name": {
                      "type": "string"
                    },
                    "level": {
                      "type": "string"
                    },
                    "parent": {
                      "type": "string",
                      "nullable": true
                    },
                    "chain": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "files": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/LawFile"
                      }
                    }
                  }
                }
              }
            }
          },
          "LawFile": {
            "type": "object",
            "properties": {
              "path": {
                "type": "string"
              },
              "place": {
                "type": "string"
              },
              "title": {
                "type": "string"
              },
              "source": {
                "type": "string"
              },
              "completeness": {
                "type": "string"
              },
              "verified": {
                "type": "string"
              },
              "effective": {
                "type": "string"
              },
              "until": {
                "type": "string",
                "nullable": true
              },
              "gaps": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "rules": {
                "type": "integer"
              },
              "url": {
                "type": "string"
              }
            }
          },
          "Law": {
            "type": "object",
            "properties": {
              "place": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "level": {
                "type": "string"
              },
              "chain": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "lawVersion": {
                "type": "string"
              },
              "files": {
                "type": "array",
                "items": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/LawFile"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "text": {
                          "type": "string"
                        },
                        "sourceText": {
                          "type": "string",
                          "nullable": true
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "Comparison": {
            "type": "object",
            "description": "accord compare --format json",
            "properties": {
              "date": {
                "type": "string"
              },
              "agency": {
                "type": "string"
              },
              "lawVersion": {
                "type": "string"
              },
              "profiles": {
                "type": "array",
                "items": {
                  "type": "object"
                }
              },
              "places": {
                "type": "array",
                "items": {
                  "type": "object"
                }
              }
            }
          },
          "Audit": {
            "type": "object",
            "properties": {
              "id": {
                "type": "integer"
              },
              "name": {
                "type": "string"
              },
              "format": {
                "type": "string"
              },
              "uploadedAt": {
                "type": "string"
              },
              "read": {
                "type": "integer"
              },
              "processed": {
                "type": "integer"
              },
              "rejected": {
                "type": "integer"
              },
              "verdicts": {
                "type": "object",
                "additionalProperties": {
                  "type": "integer"
                }
              },
              "lawVersion": {
                "type": "string"
              },
              "report": {
                "type": "string"
              },
              "new": {
                "type": "boolean"
              }
            }
          },
          "LogVerification": {
            "type": "object",
            "properties": {
              "intact": {
                "type": "boolean"
              },
              "entries": {
                "type": "integer"
              },
              "firstBadEntry": {
                "type": "integer"
              },
              "problem": {
                "type": "string"
              }
            }
          }
        },
        "securitySchemes": {
          "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "accord token create --role viewer|auditor|admin"
          }
        }
      }
    }
    """#
}
