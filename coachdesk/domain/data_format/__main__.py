"""``python -m coachdesk.domain.data_format > docs/coachdesk-data.schema.json``: the schema."""

import json

from coachdesk.domain.data_format.schema import json_schema

print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
