model "Web application" {
  description = "A user posts comments; the web server stores them in SQL."
  isOrdered = true
}

boundary web_db "Web/DB"

Actor user "User"
Server web "Web Server" {
  controls { isHardened = true }
}
Datastore db "SQL Database" in web_db { type = SQL }
Data comments "Comments" { classification = PUBLIC }

flow user -> web "User enters comments" {
  protocol = "HTTP"
  dstPort = 80
  data = [comments]
}
