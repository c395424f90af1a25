package io.bpmonitor.config;

import static io.bpmonitor.config.Role.ALERTS;
import static io.bpmonitor.config.Role.DETECTOR;
import static io.bpmonitor.config.Role.FEED;
import static io.bpmonitor.config.Role.HL7;
import static io.bpmonitor.config.Role.INGEST;
import static io.bpmonitor.config.Role.REPLAY;
import static io.bpmonitor.config.Role.SIMULATOR;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting bp-monitor reads, declared once: the environment variable an operator sets (the constant's name), the
 * property the routes and beans read, its type and range, its default, what it means and which roles read it.
 * {@link Settings} validates from this, {@link SettingDefaults} supplies the values, and {@code docs/configuration.md}
 * is generated from it ({@code ConfigurationReferenceTest} fails when the page and this declaration disagree).
 */
public enum Setting {
    // ---- Connections
    KAFKA_BROKERS("bp.kafka.brokers", Type.TEXT, "", "Kafka bootstrap servers, `host:port,...`. Required.", ALL()),
    ELASTICSEARCH_URL("bp.elasticsearch.url", Type.URLS, "",
            "One or more `http(s)://host:port`, comma-separated. Required by the detector; gives the board to any role.", ALL()),
    ELASTICSEARCH_USERNAME("bp.elasticsearch.username", Type.SECRET, "", "Basic-auth user; with a password.", ALL()),
    ELASTICSEARCH_PASSWORD("bp.elasticsearch.password", Type.SECRET, "", "Basic-auth password; with a user.", ALL()),
    ELASTICSEARCH_API_KEY("bp.elasticsearch.api-key", Type.SECRET, "",
            "Encoded API key (`base64(id:api_key)`), sent as `Authorization: ApiKey`; not together with a user.", ALL()),
    ELASTICSEARCH_CA_CERT("bp.elasticsearch.ca-cert", Type.FILE, "",
            "PEM file of the CA(s) that signed Elasticsearch's HTTP certificate; needs `https://` URLs.", ALL()),
    KAFKA_SECURITY_PROTOCOL("bp.kafka.security-protocol", Type.choice("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
            "PLAINTEXT", "Protocol of every Kafka connection.", ALL()),
    KAFKA_SASL_MECHANISM("bp.kafka.sasl.mechanism", Type.choice("", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), "",
            "SASL mechanism; required with `SASL_*`.", ALL()),
    KAFKA_SASL_USERNAME("bp.kafka.sasl.username", Type.SECRET, "", "SASL login; required with `SASL_*`.", ALL()),
    KAFKA_SASL_PASSWORD("bp.kafka.sasl.password", Type.SECRET, "", "SASL password; required with `SASL_*`.", ALL()),
    KAFKA_SSL_TRUSTSTORE_LOCATION("bp.kafka.ssl.truststore-location", Type.FILE, "",
            "Trust store for the brokers' certificates; with `SSL`/`SASL_SSL` only. JVM CAs when unset.", ALL()),
    KAFKA_SSL_TRUSTSTORE_PASSWORD("bp.kafka.ssl.truststore-password", Type.SECRET, "", "Its password.", ALL()),
    KAFKA_SSL_TRUSTSTORE_TYPE("bp.kafka.ssl.truststore-type", Type.choice("", "JKS", "PKCS12", "PEM"), "",
            "Its type; from the file name when unset (`.p12` PKCS12, `.pem` PEM, else JKS).", ALL()),
    KAFKA_SSL_KEYSTORE_LOCATION("bp.kafka.ssl.keystore-location", Type.FILE, "",
            "Client certificate for mutual TLS; with `SSL`/`SASL_SSL` only.", ALL()),
    KAFKA_SSL_KEYSTORE_PASSWORD("bp.kafka.ssl.keystore-password", Type.SECRET, "", "Its password.", ALL()),
    KAFKA_SSL_KEYSTORE_TYPE("bp.kafka.ssl.keystore-type", Type.choice("", "JKS", "PKCS12", "PEM"), "",
            "Its type; from the file name when unset.", ALL()),

    // ---- Pipeline
    BP_ROUTES("bp.routes", Type.ROLES, "simulator,detector",
            "Which roles this instance runs: `simulator`, `detector`, `alerts`, `ingest`, `feed`, `hl7`, comma-separated. Detectors scale out as one consumer group; the detector implies `alerts` unless BP_ALERTS_ENABLED=false. `replay` runs alone.", ALL()),
    BP_TOPIC("bp.topic", Type.NAME, "bp-observations", "Topic of the readings.", ALL()),
    BP_DLQ_TOPIC("bp.dlq-topic", Type.NAME, "bp-observations-dlq", "Dead-letter topic.", EnumSet.of(DETECTOR, REPLAY, HL7)),
    BP_GROUP_ID("bp.group-id", Type.NAME, "bp-anomaly-detector",
            "Consumer group of the detectors; a new group starts from the earliest offset.", EnumSet.of(DETECTOR)),
    BP_INDEX("bp.index", Type.INDEX, "bp_anomalies", "Elasticsearch index of the anomalies.", ALL()),
    BP_SYSTOLIC_THRESHOLD("bp.systolic-threshold", Type.integer(60, 300), "140",
            "A reading is an anomaly when systolic is above it (mmHg).", ALL()),
    BP_DIASTOLIC_THRESHOLD("bp.diastolic-threshold", Type.integer(30, 200), "90",
            "... or when diastolic is above it (mmHg).", ALL()),
    BP_MAX_CLOCK_SKEW("bp.max-clock-skew", Type.integer(0, 86_400), "300",
            "Seconds (300 = 5 minutes): a reading taken, by its effective time, more than this after it arrived (the"
                    + " Kafka record's timestamp; at the FHIR endpoint, the server's clock) is refused, dead letter or"
                    + " 422, so that no device's clock moves the alerts. Ours: NTP-synchronised cuffs are seconds apart;"
                    + " 5 minutes leaves room for a cuff set by hand.",
            EnumSet.of(DETECTOR, INGEST, HL7)),
    BP_MAX_MESSAGE_BYTES("bp.max-message-bytes", Type.integer(1_024, 10_000_000), "65536",
            "Larger records are dead-lettered unparsed; larger requests to the FHIR endpoint get 413; a larger HL7 message is answered AE and dead-lettered cut to this size.", EnumSet.of(DETECTOR, INGEST, HL7)),

    // ---- Simulator
    BP_SIMULATOR_MODE("bp.simulator.mode", Type.choice("home", "stream"), "home",
            "`home`: patients measure as at home, morning and evening, two readings a sitting, in simulated time (BP_SIMULATOR_TIME_COMPRESSION); `stream`: BP_SIMULATOR_RATE readings per second, taken now, the load for throughput (docs/simulator.md).",
            EnumSet.of(SIMULATOR)),
    BP_SIMULATOR_TIME_COMPRESSION("bp.simulator.time-compression", Type.number(0, 1_000_000), "1440",
            "`home`: simulated time runs this many times faster than the wall clock (1440: a day a minute) from BP_SIMULATOR_BACKLOG_DAYS ago until it reaches now, then with it; no reading is ever from the future.",
            EnumSet.of(SIMULATOR)),
    BP_SIMULATOR_BACKLOG_DAYS("bp.simulator.backlog-days", Type.integer(0, 365), "14",
            "`home`: how many days before now simulated time starts.", EnumSet.of(SIMULATOR)),
    BP_SIMULATOR_RATE("bp.simulator.rate", Type.number(0, 1_000_000), "50", "`stream`: simulated readings per second.",
            EnumSet.of(SIMULATOR)),
    BP_SIMULATOR_PATIENTS("bp.simulator.patients", Type.integer(1, 1_000_000), "40", "Size of the simulated cohort.",
            EnumSet.of(SIMULATOR)),
    BP_SIMULATOR_SEED("bp.simulator.seed", Type.SEED, "", "A number makes the simulated readings reproducible; random when unset.",
            EnumSet.of(SIMULATOR)),

    // ---- Detector
    BP_DETECTOR_MAX_POLL_RECORDS("bp.detector.max-poll-records", Type.integer(1, 100_000), "1000",
            "Largest batch (one Kafka poll) the detector classifies and indexes at once.", EnumSet.of(DETECTOR)),
    BP_DETECTOR_CONSUMERS("bp.detector.consumers", Type.integer(1, 64), "2",
            "Consumer threads per detector; each owns its partitions, so per-patient order holds.", EnumSet.of(DETECTOR)),
    BP_RETRY_INITIAL_DELAY_MS("bp.retry.initial-delay-ms", Type.integer(1, 60_000), "200",
            "First wait before a batch Elasticsearch or Kafka refused for now is sent again.", EnumSet.of(DETECTOR)),
    BP_RETRY_MAX_DELAY_MS("bp.retry.max-delay-ms", Type.integer(1, 600_000), "5000",
            "Longest wait between retries (the wait doubles up to it).", EnumSet.of(DETECTOR)),

    // ---- Replay of dead letters (BP_ROUTES=replay; docs/operations.md)
    BP_REPLAY_GROUP_ID("bp.replay.group-id", Type.NAME, "bp-dlq-replay",
            "Consumer group of a replay: an interrupted replay resumes where it stopped; give each new replay a new one.",
            EnumSet.of(REPLAY)),
    BP_REPLAY_REASON("bp.replay.reason", Type.TEXT, "",
            "Replay only the dead letters whose `dlq.reason` contains this text (ignoring case); every reason when empty.",
            EnumSet.of(REPLAY)),
    BP_REPLAY_FROM_OFFSET("bp.replay.from-offset", Type.OFFSET, "",
            "Replay only dead letters at this offset of the dead-letter topic or later (in each of its partitions).",
            EnumSet.of(REPLAY)),
    BP_REPLAY_TO_OFFSET("bp.replay.to-offset", Type.OFFSET, "",
            "... and at this offset or earlier.", EnumSet.of(REPLAY)),
    BP_REPLAY_FROM("bp.replay.from", Type.INSTANT, "",
            "Replay only dead letters refused (`dlq.failed.at`) at this instant or later, e.g. `2026-11-29T10:00:00Z`.",
            EnumSet.of(REPLAY)),
    BP_REPLAY_TO("bp.replay.to", Type.INSTANT, "", "... and before this instant.", EnumSet.of(REPLAY)),
    // ---- Alerts (docs/alerts.md)
    BP_ALERTS_ENABLED("bp.alerts.enabled", Type.FLAG, "true",
            "`true` runs the alert engine (role `alerts`) in the detector's process; `false` leaves the detector to classify, index and publish BP_READINGS_TOPIC, for an engine run apart (`BP_ROUTES=alerts`) or none (the benchmark's without-alerts figure).",
            EnumSet.of(DETECTOR)),
    BP_READINGS_TOPIC("bp.readings-topic", Type.NAME, "bp-readings",
            "Topic where the detector publishes every reading's classification in each poll's Kafka transaction (a JSON array of one patient's readings of the poll per record, keyed by patient id): what the alert engine reads. Created partitioned like BP_TOPIC when missing.",
            EnumSet.of(DETECTOR, ALERTS)),
    BP_ALERT_INDEX("bp.alert-index", Type.INDEX, "bp_alerts", "Elasticsearch index of the alerts, one document per episode.", ALL()),
    BP_ALERT_TOPIC("bp.alert-topic", Type.NAME, "bp-alerts",
            "Topic of the alert events (JSON, keyed by patient id; header `bp-alert-event`): one when an alert opens, one when it resolves, and `updated` ones as its episode grows.",
            EnumSet.of(ALERTS)),
    BP_ALERT_APPLICATION_ID("bp.alert.application-id", Type.NAME, "bp-alert-engine",
            "Kafka Streams application id of the alert engine: its consumer group, and the prefix of its state stores' changelog topics. Instances with the same id share the patients.",
            EnumSet.of(ALERTS)),
    BP_ALERT_STANDBY_REPLICAS("bp.alert.standby-replicas", Type.integer(0, 5), "1",
            "Copies of each alert state store kept warm on other engine instances, so a takeover after a crash restores little or nothing (Kafka Streams' `num.standby.replicas`).",
            EnumSet.of(ALERTS)),
    BP_ALERT_STATE_DIR("bp.alert.state-dir", Type.TEXT, "",
            "Directory of the engine's local state (RocksDB), kept across restarts so a restart restores only what changed; one per instance. Default: `alert-state` in the working directory (not the system's temporary directory, which cleaners may empty under a running engine).",
            EnumSet.of(ALERTS)),
    BP_ALERT_PROJECTION_GROUP_ID("bp.alert.projection.group-id", Type.NAME, "bp-alert-projection",
            "Consumer group of the route that writes BP_ALERT_TOPIC's events into BP_ALERT_INDEX.",
            EnumSet.of(ALERTS)),
    BP_ALERT_CRISIS_SYSTOLIC("bp.alert.crisis-systolic", Type.integer(60, 300), "180",
            "A hypertensive crisis: one reading with systolic at or above it (mmHg). Source: ACC/AHA 2017 guideline.",
            EnumSet.of(DETECTOR)),
    BP_ALERT_CRISIS_DIASTOLIC("bp.alert.crisis-diastolic", Type.integer(30, 200), "120",
            "... or diastolic at or above it (mmHg). Source: ACC/AHA 2017 guideline.", EnumSet.of(DETECTOR)),
    BP_ALERT_LOW_SYSTOLIC("bp.alert.low-systolic", Type.integer(40, 200), "90",
            "Low blood pressure: one reading with systolic below it (mmHg) opens a `hypotension` alert at once, urgent like a crisis. Source: the common definition of hypotension, < 90/60 mmHg (AHA, Low Blood Pressure: When Blood Pressure Is Too Low).",
            EnumSet.of(DETECTOR)),
    BP_ALERT_LOW_DIASTOLIC("bp.alert.low-diastolic", Type.integer(20, 150), "60",
            "... or diastolic below it (mmHg). Source: as BP_ALERT_LOW_SYSTOLIC.", EnumSet.of(DETECTOR)),
    BP_ALERT_REPEATED_READINGS("bp.alert.repeated-readings", Type.integer(0, 1_000), "0",
            "The `repeated` rule: this many anomalous readings of one patient within BP_ALERT_REPEATED_WINDOW_MINUTES open a `repeated` alert (one high sitting); 0 turns the rule off. Source: bp-monitor's; off by default because home monitoring judges a week's mean (the `sustained` rule), not a sitting.",
            EnumSet.of(ALERTS)),
    BP_ALERT_REPEATED_WINDOW_MINUTES("bp.alert.repeated-window-minutes", Type.integer(1, 10_080), "30",
            "The window of the `repeated` rule, in minutes of the readings' effective time. Source: bp-monitor's default.",
            EnumSet.of(ALERTS)),
    BP_HOME_MIN_READINGS("bp.home.min-readings", Type.integer(1, 1_000), "12",
            "The home rule (`sustained`) judges the mean of a patient's last 7 days only when they hold at least this many readings... Source: ESH guidance on home blood-pressure monitoring (Parati et al., J Hypertens 2008; Stergiou et al., J Hypertens 2021): at least 3 days, preferably 7, of duplicate morning and evening readings, and at least 12 readings.",
            EnumSet.of(ALERTS)),
    BP_HOME_MIN_DAYS("bp.home.min-days", Type.integer(1, 7), "3",
            "... on at least this many days. Source: as BP_HOME_MIN_READINGS.", EnumSet.of(ALERTS)),
    BP_ALERT_QUIET_MINUTES("bp.alert.quiet-minutes", Type.integer(1, 10_080), "60",
            "An open alert resolves when its patient had no anomalous reading for this long: a later reading past it (effective time), or the wall clock past it from the later of the last reading's effective time and arrival. Source: bp-monitor's default.",
            EnumSet.of(ALERTS)),
    BP_ALERT_UPDATE_SECONDS("bp.alert.update-seconds", Type.integer(0, 3_600), "10",
            "As an open alert's episode grows, an `updated` event (and so its document in BP_ALERT_INDEX) goes out at most once per this many seconds of wall-clock time per patient (opening and resolving always go out at once); 0 sends one with every reading."
                    + " Source: bp-monitor's default.",
            EnumSet.of(ALERTS)),
    // ---- The clinicians' review (docs/alerts.md#review)
    BP_ALERT_REVIEWS_TOPIC("bp.alert-reviews-topic", Type.NAME, "bp-alert-reviews",
            "Topic of the clinicians' review actions (acknowledge, reassign, close; JSON, keyed by patient id), written by the board's API and taken by the alert engine, which sends each taken action as an event on BP_ALERT_TOPIC. Created partitioned like BP_TOPIC when missing.",
            ALL()),
    BP_ALERT_ESCALATE_MINUTES("bp.alert.escalate-minutes", Type.integer(0, 1_440), "15",
            "An urgent alert (crisis, low pressure) that nobody acknowledged for this many minutes of wall-clock time since it was raised is escalated: an `escalated` event on BP_ALERT_TOPIC, again at twice and three times as long (3 levels at most); 0 never escalates. Source: bp-monitor's default (a quarter of an hour within a monitoring centre's working hours); set it to your programme's response time.",
            EnumSet.of(ALERTS)),
    BP_AUDIT_INDEX("bp.audit-index", Type.INDEX, "bp_audit",
            "Elasticsearch index of the review's audit trail: one document per action taken on an alert (who, what, when, note) and per escalation, written once and never changed.",
            ALL()),
    // ---- Each patient's days (docs/alerts.md#per-patient-per-day)
    BP_PATIENT_DAYS_TOPIC("bp.patient-days-topic", Type.NAME, "bp-patient-days",
            "Topic where the alert engine publishes each patient's day as it changes (JSON, keyed by patient id; headers `bp-document-id` and `bp-revision`): what BP_PATIENT_DAYS_INDEX is a projection of. Created partitioned like BP_TOPIC when missing.",
            EnumSet.of(ALERTS)),
    BP_PATIENT_DAYS_INDEX("bp.patient-days-index", Type.INDEX, "bp_patient_days",
            "Elasticsearch index of each patient's days: one document per patient per day, with the day's and the last 7 days' means.",
            ALL()),
    BP_PATIENT_TARGETS_TOPIC("bp.patient-targets-topic", Type.NAME, "bp-patient-targets",
            "Compacted topic of each patient's own target (JSON, keyed by patient id; an empty value removes it), written by `PUT /api/patients/{id}/target` and the FHIR feed's Goals, read by the alert engine as a table. Created compacted and partitioned like BP_TOPIC when missing.",
            ALL()),
    BP_DAY_ZONE("bp.day-zone", Type.ZONE, "UTC",
            "The time zone a patient's day, morning (04:00–12:00) and evening (17:00–24:00) are cut in: the monitoring programme's own, e.g. `Europe/Paris`; the simulator's patients live in it. Source: bp-monitor's default; the hours are ours, after the ESH morning-and-evening home protocol.",
            EnumSet.of(ALERTS, SIMULATOR)),
    BP_HOME_SYSTOLIC("bp.home.systolic", Type.integer(90, 200), "135",
            "Home blood pressure: a reading at or above this systolic (mmHg), or the diastolic line, is above target; the 7-day means are read against the same lines. Source: ESH 2023 guidelines, home BP hypertension at ≥ 135/85 mmHg; ACC/AHA 2017, Table 11: home 135/85 corresponds to office 140/90.",
            EnumSet.of(ALERTS, FEED)),
    BP_HOME_DIASTOLIC("bp.home.diastolic", Type.integer(50, 150), "85",
            "... the diastolic line (mmHg). Source: as BP_HOME_SYSTOLIC.", EnumSet.of(ALERTS, FEED)),
    // ---- Alerts out: the webhook and the FHIR write-back, each a consumer group of its own on BP_ALERT_TOPIC in the
    // alerts role, on when its URL is set
    BP_ALERT_DLQ_TOPIC("bp.alert-dlq-topic", Type.NAME, "bp-alerts-dlq",
            "Alerts the webhook or the FHIR server refused for good, each with its reason in `dlq.*` headers.", EnumSet.of(ALERTS)),
    BP_ALERT_WEBHOOK_URL("bp.alert.webhook.url", Type.URLS, "",
            "One `http(s)://` URL: every alert record is POSTed there as JSON with an `Idempotency-Key`. Off when unset.",
            EnumSet.of(ALERTS)),
    BP_ALERT_WEBHOOK_AUTH_HEADER("bp.alert.webhook.auth-header", Type.NAME, "Authorization",
            "Header that carries BP_ALERT_WEBHOOK_SECRET.", EnumSet.of(ALERTS)),
    // the property ends in a word Camel masks in its logged summary (secret)
    BP_ALERT_WEBHOOK_SECRET("bp.alert.webhook.secret", Type.SECRET, "",
            "Value of that header on every POST, e.g. `Bearer <token>`; none when unset. Never logged.", EnumSet.of(ALERTS)),
    BP_ALERT_WEBHOOK_GROUP_ID("bp.alert.webhook.group-id", Type.NAME, "bp-alert-webhook",
            "Consumer group of the webhook; its offsets move only after a 2xx or a dead letter.", EnumSet.of(ALERTS)),
    BP_ALERT_FHIR_URL("bp.alert.fhir.url", Type.URLS, "",
            "Base URL of a FHIR R4 server: an open alert becomes an active `Flag` there, a resolved one inactive. Off when unset.",
            EnumSet.of(ALERTS)),
    // the property ends in a word Camel masks in its logged summary (token)
    BP_ALERT_FHIR_TOKEN("bp.alert.fhir.token", Type.SECRET, "",
            "Bearer token for that server; none when unset. Never logged.", EnumSet.of(ALERTS)),
    BP_ALERT_FHIR_GROUP_ID("bp.alert.fhir.group-id", Type.NAME, "bp-alert-fhir",
            "Consumer group of the FHIR write-back.", EnumSet.of(ALERTS)),
    BP_ALERT_RETRY_INITIAL_DELAY_MS("bp.alert.retry.initial-delay-ms", Type.integer(1, 60_000), "500",
            "First wait before an alert the webhook or FHIR server could not take now (5xx, 408, 429, no connection) is sent again.",
            EnumSet.of(ALERTS)),
    BP_ALERT_RETRY_MAX_DELAY_MS("bp.alert.retry.max-delay-ms", Type.integer(1, 60_000), "30000",
            "Longest wait between those retries (the wait doubles up to it; the alert is retried until taken or refused).",
            EnumSet.of(ALERTS)),

    // ---- FHIR endpoint
    // the property ends in a word Camel masks in its logged summary (authtoken)
    BP_INGEST_TOKENS("bp.ingest.authtoken", Type.SECRET, "",
            "Bearer tokens the FHIR endpoint accepts, comma-separated. The endpoint refuses to start without one.",
            EnumSet.of(INGEST)),
    BP_INGEST_MAX_BUNDLE_BYTES("bp.ingest.max-bundle-bytes", Type.integer(1_024, 100_000_000), "4194304",
            "Largest Bundle the FHIR endpoint takes (413 above); each entry is still held to BP_MAX_MESSAGE_BYTES. The HTTP server itself stops any body over 1 MiB more than the larger of the two (10 MiB at least), before reading it whole, also with 413.",
            EnumSet.of(INGEST)),
    BP_INGEST_TOKENS_FILE("bp.ingest.tokens-file", Type.FILE, "",
            "A file of accepted bearer tokens, one a line (instead of, or with, BP_INGEST_TOKENS).", EnumSet.of(INGEST)),
    BP_INGEST_PATIENT_IDENTIFIER_SYSTEM("bp.ingest.patient-identifier-system", Type.TEXT, "",
            "The identifier system (a URI, such as the hospital's medical record numbers) whose values are patient ids at the FHIR endpoint: a subject given only by an identifier of this system, and the Patient entry of a PHD upload, name the patient whose id is the identifier's value (an R4 id). Empty: identifiers name no patient, and such readings are refused.",
            EnumSet.of(INGEST)),

    // ---- FHIR feed (camel-fhir, from an EHR's FHIR R4 server)
    BP_FHIR_FEED_URL("bp.fhir-feed.url", Type.URLS, "",
            "Base URL of the FHIR R4 server the feed reads (`https://ehr.example/fhir`). Required by the feed.", EnumSet.of(FEED)),
    // the properties end in words Camel masks in its logged summary (username, password, accesstoken)
    BP_FHIR_FEED_USERNAME("bp.fhir-feed.username", Type.SECRET, "", "Basic-auth user at the FHIR server; with a password.",
            EnumSet.of(FEED)),
    BP_FHIR_FEED_PASSWORD("bp.fhir-feed.password", Type.SECRET, "", "Basic-auth password; with a user.", EnumSet.of(FEED)),
    BP_FHIR_FEED_TOKEN("bp.fhir-feed.accesstoken", Type.SECRET, "",
            "Bearer token sent to the FHIR server (`Authorization: Bearer`); not together with a user.", EnumSet.of(FEED)),
    BP_FHIR_FEED_PAGE_SIZE("bp.fhir-feed.page-size", Type.integer(1, 1_000), "100",
            "Observations asked per page (`_count`); the feed follows the `next` links.", EnumSet.of(FEED)),
    BP_FHIR_FEED_POLL_INTERVAL_MS("bp.fhir-feed.poll-interval-ms", Type.integer(100, 86_400_000), "10000",
            "Time between two polls of the FHIR server (and between retries when it cannot be read).", EnumSet.of(FEED)),
    BP_FHIR_FEED_OVERLAP_MS("bp.fhir-feed.overlap-ms", Type.integer(0, 3_600_000), "10000",
            "How far each search reaches back before the cursor, for readings a server stores late (a transaction that commits after a later one); those already published are not sent again.",
            EnumSet.of(FEED)),
    BP_FHIR_FEED_CURSOR_TOPIC("bp.fhir-feed.cursor-topic", Type.NAME, "bp-fhir-feed-cursor",
            "Compacted topic keeping how far the feed has read each server (created when missing); read at start-up.",
            EnumSet.of(FEED)),
    BP_FHIR_FEED_START("bp.fhir-feed.start", Type.INSTANT, "",
            "Where a feed with no cursor for its server starts (`2026-01-01T00:00:00Z`); from the oldest reading when unset.",
            EnumSet.of(FEED)),

    // ---- HTTPS on the HTTP server (board, its API, the FHIR endpoint)
    BP_HTTP_KEYSTORE("bp.http.keystore", Type.FILE, "",
            "PKCS12 or JKS key store with the server's certificate and key: the HTTP server then speaks HTTPS only.", ALL()),
    BP_HTTP_KEYSTORE_PASSWORD("bp.http.keystore-password", Type.SECRET, "", "Its password.", ALL()),
    BP_HTTP_CLIENT_CA("bp.http.client-ca", Type.FILE, "",
            "PEM file of the CA certificates whose client certificates the HTTP server accepts: every TLS connection must then present one they signed (mutual TLS, in addition to the FHIR endpoint's bearer tokens). Needs BP_HTTP_KEYSTORE.",
            ALL()),

    // ---- Board, management, console
    BP_BOARD_HOST("bp.board.host", Type.HOST, "127.0.0.1",
            "Address the HTTP server (board, its API, the FHIR endpoint) listens on (`0.0.0.0` for all interfaces).", ALL()),
    BP_BOARD_PORT("bp.board.port", Type.integer(1, 65_535), "8080", "Port of the HTTP server.", ALL()),
    BP_SESSION_IDLE_MINUTES("bp.session.idle-minutes", Type.integer(1, 720), "15",
            "A board session not used for this many minutes is over: its user signs in again. Source: OWASP Session Management Cheat Sheet, idle timeouts of 15–30 minutes for low-risk applications and less for high-value ones; bp-monitor's default takes the short end, a clinical workstation's own policy may ask for less.",
            ALL()),
    BP_OIDC_ISSUER("bp.oidc.issuer", Type.URLS, "",
            "OpenID Connect: the issuer URL of the organisation's identity provider (its `/.well-known/openid-configuration` is read at the first sign-in). When set, the sign-in page offers it (authorization-code flow with PKCE) and the API takes its access tokens as `Authorization: Bearer`. Off when unset.",
            ALL()),
    BP_OIDC_CLIENT_ID("bp.oidc.client-id", Type.TEXT, "bp-monitor",
            "The board's client id at the identity provider; also the audience an access token must name.", ALL()),
    // the property ends in a word Camel masks in its logged summary (secret)
    BP_OIDC_CLIENT_SECRET("bp.oidc.client-secret", Type.SECRET, "",
            "The board's client secret (the board is a confidential client: client_secret_basic at the token endpoint). Never logged.",
            ALL()),
    BP_OIDC_ROLES_CLAIM("bp.oidc.roles-claim", Type.TEXT, "roles",
            "The token claim holding a user's roles (a list or one text): the highest of `viewer`, `clinician`, `admin` found counts; a user with none of them is refused.",
            ALL()),
    BP_USERS_FILE("bp.users-file", Type.FILE, "users",
            "The board's users: a line per user, `name:role:bcrypt hash`, role `viewer`, `clinician` or `admin`; written by `java -jar bp-monitor.jar add-user NAME --role ROLE`. The API's changes (a patient's target) need a clinician's HTTP Basic credentials; no user, no change.",
            ALL()),
    BP_MANAGEMENT_HOST("bp.management.host", Type.HOST, "127.0.0.1",
            "Address of the management server (health, metrics, Jolokia); `0.0.0.0` lets other machines in.", ALL()),
    BP_MANAGEMENT_PORT("bp.management.port", Type.integer(1, 65_535), "9876", "Port of the management server.", ALL()),
    BP_HEALTH_TIMEOUT_MS("bp.health-timeout-ms", Type.integer(100, 60_000), "2000",
            "Timeout of the Kafka and Elasticsearch readiness checks.", ALL()),
    BP_PROGRESS_INTERVAL_MS("bp.progress-interval-ms", Type.integer(100, 3_600_000), "5000",
            "Period of the console progress line.", ALL()),
    BP_CAMEL_CLI("bp.camel-cli", Type.FLAG, "false",
            "`true` lets `camel ps` / `camel get` on this machine see the app (camel-cli-connector; costs CPU at high rates).", ALL()),

    // ---- HL7 v2 over MLLP (BP_ROUTES=hl7; docs/interoperability.md)
    BP_HL7_HOST("bp.hl7.host", Type.HOST, "127.0.0.1",
            "Address the MLLP listener for bedside monitors listens on (`0.0.0.0` for all interfaces).", EnumSet.of(HL7)),
    BP_HL7_PORT("bp.hl7.port", Type.integer(1, 65_535), "2575", "Port of the MLLP listener (2575: HL7's registered port).",
            EnumSet.of(HL7)),
    BP_HL7_ALLOWED_PEERS("bp.hl7.allowed-peers", Type.TEXT, "127.0.0.1,::1",
            "Addresses or CIDR blocks (`10.20.0.0/16`) the MLLP listener accepts connections from, comma-separated; any other peer is disconnected before a byte is read. `0.0.0.0/0,::/0` lets every address in.",
            EnumSet.of(HL7)),
    BP_HL7_MAX_CONNECTIONS("bp.hl7.max-connections", Type.integer(1, 1_000), "32",
            "Monitors (MLLP connections) served at once; one more is disconnected.", EnumSet.of(HL7)),
    BP_HL7_KEYSTORE("bp.hl7.keystore", Type.FILE, "",
            "PKCS12 or JKS key store with the MLLP listener's certificate and key: the listener then speaks TLS only.",
            EnumSet.of(HL7)),
    BP_HL7_KEYSTORE_PASSWORD("bp.hl7.keystore-password", Type.SECRET, "", "Its password.", EnumSet.of(HL7)),
    BP_HL7_CLIENT_CA("bp.hl7.client-ca", Type.FILE, "",
            "PEM file of the CA certificates whose client certificates the MLLP listener accepts: every monitor must then present one they signed (mutual TLS, in addition to BP_HL7_ALLOWED_PEERS). Needs BP_HL7_KEYSTORE.",
            EnumSet.of(HL7));

    private final String property;
    private final Type type;
    private final String defaultValue;
    private final String description;
    private final Set<Role> roles;

    Setting(String property, Type type, String defaultValue, String description, Set<Role> roles) {
        this.property = property;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.roles = Set.copyOf(roles);
    }

    private static Set<Role> ALL() {
        return EnumSet.allOf(Role.class);
    }

    /** The property the routes and beans read, {@code {{bp.topic}}}. */
    public String property() {
        return property;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public Set<Role> roles() {
        return roles;
    }

    /** How the setting is named in messages: {@code BP_TOPIC (bp.topic)}. */
    public String label() {
        return name() + " (" + property + ")";
    }

    /** The setting a property belongs to, or null. */
    public static Setting forProperty(String property) {
        for (Setting setting : values()) {
            if (setting.property.equals(property)) {
                return setting;
            }
        }
        return null;
    }

    /** What values a setting takes; {@link #check} returns the value or throws naming the setting. */
    public record Type(String kind, double min, double max, List<String> choices) {

        static final Type TEXT = new Type("text", 0, 0, List.of());
        static final Type NAME = new Type("name", 0, 0, List.of());
        /** Elasticsearch's rules for an index name, checked here so no bulk request is refused for its index. */
        static final Type INDEX = new Type("index", 0, 0, List.of());
        static final Type SECRET = new Type("secret", 0, 0, List.of());
        static final Type FILE = new Type("file", 0, 0, List.of());
        static final Type URLS = new Type("urls", 0, 0, List.of());
        static final Type HOST = new Type("host", 0, 0, List.of());
        static final Type ROLES = new Type("roles", 0, 0, List.of());
        static final Type SEED = new Type("seed", 0, 0, List.of());
        static final Type FLAG = new Type("flag", 0, 0, List.of("true", "false"));
        static final Type OFFSET = new Type("offset", 0, 0, List.of());
        static final Type INSTANT = new Type("instant", 0, 0, List.of());
        static final Type ZONE = new Type("zone", 0, 0, List.of());

        static Type integer(int min, int max) {
            return new Type("integer", min, max, List.of());
        }

        static Type number(double aboveMin, double max) {
            return new Type("number", aboveMin, max, List.of());
        }

        static Type choice(String... choices) {
            return new Type("choice", 0, 0, List.of(choices));
        }

        /** The documented form: {@code integer 60–300}, {@code one of PLAIN, ...}. */
        public String describe() {
            return switch (kind) {
                case "integer" -> "integer " + (long) min + "–" + (long) max;
                case "number" -> "number > " + (long) min + ", ≤ " + (long) max;
                case "choice" -> "one of " + String.join(", ", choices.stream().filter(c -> !c.isEmpty()).toList());
                case "flag" -> "true or false";
                case "urls" -> "http(s) URLs";
                case "roles" -> "list of " + String.join(", ", Role.names());
                case "seed" -> "integer";
                case "offset" -> "integer ≥ 0";
                case "instant" -> "ISO-8601 instant";
                case "index" -> "Elasticsearch index name";
                case "zone" -> "time-zone id, e.g. Europe/Paris or UTC";
                default -> kind;
            };
        }

        String check(Setting setting, String value) {
            switch (kind) {
                case "name" -> {
                    if (value.isEmpty()) {
                        throw new InvalidSettingException(setting, "a value", value);
                    }
                }
                case "index" -> {
                    if (!value.matches("[^-_+.\\\\/*?\"<>| ,#:A-Z][^\\\\/*?\"<>| ,#:A-Z]{0,254}")
                            || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                        throw new InvalidSettingException(setting, "an Elasticsearch index name (lower case, at most 255"
                                + " bytes, not starting with - _ + or ., none of \\ / * ? \" < > | , # : or space)", value);
                    }
                }
                case "integer" -> {
                    try {
                        long parsed = Long.parseLong(value);
                        if (parsed < min || parsed > max) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new InvalidSettingException(setting, "an integer from " + (long) min + " to " + (long) max, value);
                    }
                }
                case "number" -> {
                    try {
                        double parsed = Double.parseDouble(value);
                        if (!(parsed > min && parsed <= max)) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new InvalidSettingException(setting, "a number above " + (long) min + " and at most " + max, value);
                    }
                }
                case "seed" -> {
                    try {
                        if (!value.isEmpty()) {
                            Long.parseLong(value);
                        }
                    } catch (NumberFormatException e) {
                        throw new InvalidSettingException(setting, "an integer or nothing", value);
                    }
                }
                case "offset" -> {
                    try {
                        if (!value.isEmpty() && Long.parseLong(value) < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new InvalidSettingException(setting, "an offset (an integer from 0) or nothing", value);
                    }
                }
                case "instant" -> {
                    try {
                        if (!value.isEmpty()) {
                            Instant.parse(value);
                        }
                    } catch (DateTimeParseException e) {
                        throw new InvalidSettingException(setting, "an ISO-8601 instant such as 2026-11-29T10:00:00Z, or nothing", value);
                    }
                }
                case "choice", "flag" -> {
                    if (!choices.contains(value.toUpperCase(Locale.ROOT)) && !choices.contains(value)) {
                        throw new InvalidSettingException(setting, "one of " + describe().replace("one of ", ""), value);
                    }
                }
                case "zone" -> {
                    try {
                        ZoneId.of(value);
                    } catch (DateTimeException e) {
                        throw new InvalidSettingException(setting, "a time-zone id such as Europe/Paris or UTC", value);
                    }
                }
                case "host" -> {
                    if (!value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
                        throw new InvalidSettingException(setting, "a host name or IP address", value);
                    }
                }
                default -> {
                    // text, secret, file, urls and roles are checked where their meaning is known (Settings)
                }
            }
            return value;
        }
    }
}
