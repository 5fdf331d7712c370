# Renders each template text with the real Ansible Templar, and evaluates each `when:` with
# Ansible's Conditional, printing JSON results for ansible-parity.test.ts. Two renderings per
# template:
#   value: jinja2_native (typed results, as afo's lone {{ expr }} gives);
#   text:  the plain string output (Ansible's default mode, before any type conversion), since
#          native mode also literal_evals strings ('{{ l | join }}' -> 3123), which afo does not.
import json
import sys

from ansible import constants as C
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.conditional import Conditional
from ansible.template import Templar

req = json.load(sys.stdin)
C.DEFAULT_JINJA2_NATIVE = True
native = Templar(loader=DataLoader(), variables=req['vars'])
C.DEFAULT_JINJA2_NATIVE = False
plain = Templar(loader=DataLoader(), variables=req['vars'])

out = []
for text in req['cases']:
    try:
        value = native.template(text)
        try:
            rendered = plain.template(text, convert_data=False)
        except Exception:
            rendered = None
        out.append({'ok': True, 'value': value, 'text': rendered if isinstance(rendered, str) else None})
    except Exception as e:  # the test only checks that both sides fail
        out.append({'ok': False, 'error': type(e).__name__})
conditions = []
for when in req.get('conditions', []):
    cond = Conditional(loader=DataLoader())
    cond.when = when if isinstance(when, list) else [when]
    try:
        conditions.append({'ok': True, 'value': cond.evaluate_conditional(plain, req['vars'])})
    except Exception as e:
        conditions.append({'ok': False, 'error': type(e).__name__})
# Variables whose values are templates themselves, resolved lazily by Ansible (afo: resolveVars).
C.DEFAULT_JINJA2_NATIVE = True
lazy_templar = Templar(loader=DataLoader(), variables=req.get('lazyVars', {}))
lazy = []
for text in req.get('lazyCases', []):
    try:
        lazy.append({'ok': True, 'value': lazy_templar.template(text)})
    except Exception as e:
        lazy.append({'ok': False, 'error': type(e).__name__})
print(json.dumps({'templates': out, 'conditions': conditions, 'lazy': lazy}, default=repr))
