"""The seed's consumer, for comparison in the benchmark: kafka-python with its group's auto-commit (the seed's
consumer library), the anomaly rule, and one synchronous index request per anomaly over one kept-alive connection
(the seed used the elasticsearch client, whose 7.x in Debian does not talk to Elasticsearch 9; its 0.1 s sleep per
message is left out). Debian's python3-kafka and python3-lz4."""
import http.client
import json
import sys
from urllib.parse import urlparse

from kafka import KafkaConsumer

brokers, topic, group, es_url, index = sys.argv[1:6]
systolic_threshold, diastolic_threshold, expected = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"

consumer = KafkaConsumer(topic, bootstrap_servers=brokers, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=True, value_deserializer=lambda value: json.loads(value))
es = http.client.HTTPConnection(urlparse(es_url).hostname, urlparse(es_url).port)
readings = 0
for message in consumer:
    observation = message.value
    readings += 1
    values = {}
    for component in observation.get("component", []):
        for coding in component.get("code", {}).get("coding", []):
            values[coding.get("code")] = component.get("valueQuantity", {}).get("value")
    systolic, diastolic = values.get(SYSTOLIC), values.get(DIASTOLIC)
    if systolic is not None and diastolic is not None and (
            systolic > systolic_threshold or diastolic > diastolic_threshold):
        document = json.dumps({
            "@timestamp": observation["effectiveDateTime"],
            "observation_id": observation["id"],
            "patient_id": observation["subject"]["reference"].split("/", 1)[1],
            "systolic": systolic,
            "diastolic": diastolic,
        })
        es.request("PUT", "/" + index + "/_doc/" + observation["id"], body=document,
                   headers={"Content-Type": "application/json"})
        response = es.getresponse()
        response.read()
        if response.status >= 300:
            raise RuntimeError("index request answered " + str(response.status))
    if readings >= expected:
        break
print(readings, flush=True)
