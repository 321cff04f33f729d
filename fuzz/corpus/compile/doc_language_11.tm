model "Flows" { description = "Data flows." }

Actor user "User"
Server web "Web Server"
Data comment "Comment"

flow post: user -> web "Posts a comment" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  data = [comment]
}
flow web -> user "Shows the comment" {
  responseTo = post
  data = [comment]
}
