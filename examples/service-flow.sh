#!/usr/bin/env bash
# The flow of an agency clerk against a running service (npm start): enrol, contribute, settle, retry,
# reverse. Usage: bash examples/service-flow.sh AGENCY_TOKEN [URL]  (the token npm start printed).
set -euo pipefail
U="${2:-http://127.0.0.1:8080}"; T="$1"
H=(-H "authorization: Bearer $T" -H 'content-type: application/json')
id() { node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).id'; }
# An employer and a member (their check characters computed by the standards)
E=$(curl -s "${H[@]}" -d '{"creditCode":"91130900MA0FLW0017","name":"沧州流程示例有限公司（虚构）","region":"cangzhou","type":"enterprise"}' $U/v1/employers | id)
M=$(curl -s "${H[@]}" -d '{"idNumber":"130902198003010034","name":"流程示例（虚构）","sex":"male","birthDate":"1980-03-01","region":"cangzhou","scheme":"employee","type":"employee","status":"employed","employerId":"'$E'","enrolledOn":"2024-01-01"}' $U/v1/members | id)
# A year of contributions, recorded as paid
curl -s "${H[@]}" -d '{"from":"2024-01","until":"2024-12","amount":600,"paidOn":"2024-01-10"}' $U/v1/members/$M/contributions -o /dev/null -w 'contributions %{http_code}\n'
# A stay settled: (10,900 − 900) × 90% = 9,000 from the pooled fund
C='{"memberId":"'$M'","claim":{"id":"FLOW-1","type":"inpatient","admissionDate":"2024-08-01","dischargeDate":"2024-08-10","hospital":{"level":3},"items":[{"category":"drug","class":"A","amount":10900}]}}'
curl -s "${H[@]}" -H 'idempotency-key: flow-1' -d "$C" $U/v1/settlements -o /dev/null -w 'settle %{http_code}\n'
curl -s "${H[@]}" -H 'idempotency-key: flow-1' -d "$C" $U/v1/settlements -o /dev/null -w 'retry %{http_code}\n'
# The same key and body again: the original settlement, 200, nothing paid twice
S=$(curl -s "${H[@]}" -H 'idempotency-key: flow-1' -d "$C" $U/v1/settlements | id)
curl -s -H "authorization: Bearer $T" $U/v1/members/$M/years/2024 | node -pe '"fundPaid " + JSON.parse(require("fs").readFileSync(0, "utf8")).fundPaid'
# Reversed (冲正): the year's totals back to zero
curl -s -H "authorization: Bearer $T" -X POST $U/v1/settlements/$S/reversal -o /dev/null -w 'reversal %{http_code}\n'
curl -s -H "authorization: Bearer $T" $U/v1/members/$M/years/2024 | node -pe '"fundPaid " + JSON.parse(require("fs").readFileSync(0, "utf8")).fundPaid'
