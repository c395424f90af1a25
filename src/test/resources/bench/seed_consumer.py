"""The seed's consumer design, for comparison in the benchmark: one JSON reading a line on stdin (kcat consuming
with its group's auto-commit), the anomaly rule, and one index request per anomaly. Python's standard library only."""
import json
import sys
import urllib.request

es_url, index, systolic_threshold, diastolic_threshold = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"

readings = 0
for line in sys.stdin:
    if not line.strip():
        continue
    observation = json.loads(line)
    readings += 1
    values = {}
    for component in observation.get("component", []):
        for coding in component.get("code", {}).get("coding", []):
            values[coding.get("code")] = component.get("valueQuantity", {}).get("value")
    systolic, diastolic = values.get(SYSTOLIC), values.get(DIASTOLIC)
    if systolic is None or diastolic is None:
        continue
    if systolic > systolic_threshold or diastolic > diastolic_threshold:
        document = {
            "@timestamp": observation["effectiveDateTime"],
            "observation_id": observation["id"],
            "patient_id": observation["subject"]["reference"].split("/", 1)[1],
            "systolic": systolic,
            "diastolic": diastolic,
        }
        request = urllib.request.Request(es_url + "/" + index + "/_doc/" + observation["id"],
                                         data=json.dumps(document).encode(), method="PUT",
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
print(readings, flush=True)
