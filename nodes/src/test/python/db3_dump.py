"""Dumps a rosbag2 .db3 with Python's standard sqlite3 module as JSON: schema, topics, definitions, messages."""
import base64
import json
import sqlite3
import sys

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
out = {
    "schema": db.execute("SELECT schema_version FROM schema").fetchall(),
    "topics": [dict(zip(("name", "type", "serialization_format", "offered_qos_profiles", "type_description_hash"), r))
               for r in db.execute("SELECT name, type, serialization_format, offered_qos_profiles, "
                                   "type_description_hash FROM topics ORDER BY id")],
    "definitions": {r[0]: {"encoding": r[1], "text": r[2]} for r in db.execute(
        "SELECT topic_type, encoding, encoded_message_definition FROM message_definitions")},
    "metadata_versions": [r[0] for r in db.execute("SELECT metadata_version FROM metadata")],
    "messages": [{"topic": r[0], "timestamp": str(r[1]), "data": base64.b64encode(r[2]).decode()}
                 for r in db.execute("SELECT t.name, m.timestamp, m.data FROM messages m JOIN topics t "
                                     "ON t.id = m.topic_id ORDER BY m.timestamp, m.id")],
}
print(json.dumps(out))
