"""gunicorn's settings for Gonghui: ``gunicorn -c python:gonghui.gunicorn_conf gonghui.wsgi``.

The access log keeps the method, the path and the status of each request, never the query
string or the referrer: an address can still carry personal data (an old bookmark with a phone
in ``?q=``, a link from another system), and a log file lies outside the database, its keys and
its audit trail. Lists carry their search as a sealed token (gonghui.core.search); this is the
second guard. Options given on the command line (``--bind``, ``--workers``) still apply.
"""

# gunicorn's default with "%(r)s" (the request line, query included) split into method, path
# without query (%(U)s) and protocol, and the referrer ("%(f)s") left out; the response's
# X-Request-ID last, the id the application's log lines and the audit trail carry.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s %({x-request-id}o)s'
