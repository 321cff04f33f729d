model "M" { description = "d" }
predicate a(e: Element) = b(e) or e.inScope
predicate b(e: Element) = c(e)
predicate c(e: Element) = a(e) and d(e)
predicate d(e: Element) = d(e)
predicate p1(e: Element) = p2(e) or p2(e)
predicate p2(e: Element) = p3(e) or p3(e)
predicate p3(e: Element) = e.inScope
threat T "t" { targets = [Server] severity = High when = a(target) or p1(target) }
Server s "S"
