// A small web-based comment system: the user posts comments, the web server
// stores them in a SQL database, and a scheduled lambda cleans the database.
// This is the sample system pytm's documentation uses, written in tmc.

model "Web application" {
  description = """
    A user enters comments in a browser; the web server saves them in a SQL
    database and shows them back. A lambda periodically removes old comments.
    Simple, but complete enough to show meaningful threats.
    """
  isOrdered = true
}

/// Everything on the user's side of the network.
boundary user_web "User/Web" {
  trust = INTERNET
}

/// The hosting side: the database and its maintenance job.
boundary web_db "Web/DB"

Actor user "User" in user_web

Server web "Web Server" {
  OS = "CloudOS"
  sourceFiles = ["server/web.cc"]
  controls {
    isHardened = true
  }
}

Datastore db "SQL Database" in web_db {
  OS = "CentOS"
  isSQL = true
  inScope = false
  sourceFiles = ["model/schema.sql"]
  controls {
    isHardened = false
  }
}

Lambda cleaner "cleanDBevery6hours" in web_db {
  controls.hasAccessControl = true
}

Data comments "Comments in HTML or Markdown" {
  classification = PUBLIC
}

Data query "MySQL insert statement, all literals" {
  classification = RESTRICTED
}

flow user_to_web: user -> web "User enters comments" {
  protocol = "HTTP"
  dstPort = 80
  data = [comments]
  order = 1
}

flow web_to_user: web -> user "Comments saved" {
  protocol = "HTTP"
  data = [comments]
  order = 2
}

flow web_to_db: web -> db "Insert query with comments" {
  protocol = "MySQL"
  dstPort = 3306
  data = [query]
  order = 3
}

flow db_to_web: db -> web "Comments contents" {
  protocol = "MySQL"
  data = [comments]
  order = 4
}

flow cleaner_to_db: cleaner -> db "(λ)Periodically cleans DB" {
  protocol = "SQL"
  dstPort = 3306
}
