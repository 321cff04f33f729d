#!/usr/bin/env python3
"""pytm 1.4 version of webapp.tm (a copy of examples/webapp.tm).

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is webapp.expected (regenerate it with generate.sh).
"""

from pytm import TM, Actor, Boundary, Classification, Data, Dataflow, Datastore, Lambda, Server

tm = TM("Web application")
tm.description = (
    "A user enters comments in a browser; the web server saves them in a SQL\n"
    "database and shows them back. A lambda periodically removes old comments.\n"
    "Simple, but complete enough to show meaningful threats."
)
tm.isOrdered = True

user_web = Boundary("User/Web")
web_db = Boundary("Web/DB")

user = Actor("User")
user.inBoundary = user_web

web = Server("Web Server")
web.OS = "CloudOS"
web.sourceFiles = ["server/web.cc"]
web.controls.isHardened = True

db = Datastore("SQL Database")
db.inBoundary = web_db
db.OS = "CentOS"
db.isSQL = True
db.inScope = False
db.sourceFiles = ["model/schema.sql"]
db.controls.isHardened = False

cleaner = Lambda("cleanDBevery6hours")
cleaner.inBoundary = web_db
cleaner.controls.hasAccessControl = True

comments = Data("Comments in HTML or Markdown", classification=Classification.PUBLIC)
query = Data("MySQL insert statement, all literals", classification=Classification.RESTRICTED)

user_to_web = Dataflow(user, web, "User enters comments")
user_to_web.protocol = "HTTP"
user_to_web.dstPort = 80
user_to_web.data = comments
user_to_web.order = 1

web_to_user = Dataflow(web, user, "Comments saved")
web_to_user.protocol = "HTTP"
web_to_user.data = comments
web_to_user.order = 2

web_to_db = Dataflow(web, db, "Insert query with comments")
web_to_db.protocol = "MySQL"
web_to_db.dstPort = 3306
web_to_db.data = query
web_to_db.order = 3

db_to_web = Dataflow(db, web, "Comments contents")
db_to_web.protocol = "MySQL"
db_to_web.data = comments
db_to_web.order = 4

cleaner_to_db = Dataflow(cleaner, db, "(λ)Periodically cleans DB")
cleaner_to_db.protocol = "SQL"
cleaner_to_db.dstPort = 3306
# tmc's isOrdered numbers this flow 5 (after the highest written order);
# pytm would number it 1 and process it first, so write tmc's number.
cleaner_to_db.order = 5

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
