// infra/db.tm
import "network.tm"          // that is, infra/network.tm
Datastore db "Database" in net
