import { handleTrpc } from "@/server/api/http-handler";

const handler = (req: Request) => handleTrpc(req);

export { handler as GET, handler as POST };
