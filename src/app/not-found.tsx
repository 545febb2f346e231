import { AuthFrame } from "@/components/auth/auth-frame";
import { NotFoundBody } from "@/components/ui/not-found-body";

export default function NotFound() {
  return (
    <AuthFrame>
      <NotFoundBody />
    </AuthFrame>
  );
}
