import { lazy, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import type { ReactNode } from "react";
import { useAuth } from "./auth/AuthProvider";
import { AppLayout } from "./layout/AppLayout";
import { SignInPage } from "./signin/SignInPage";
import { ExplorePage } from "./explore/ExplorePage";
import { Loading } from "./layout/StatusMessages";

// Only admins upload: the page's code loads when it is opened.
const UploadPage = lazy(() => import("./upload/UploadPage"));

/** Pages behind sign-in: without a session, go to sign-in and come back here after. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) {
    const next = location.pathname + location.search;
    const to = next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<ExplorePage />} />
        <Route
          path="upload"
          element={
            <Suspense fallback={<Loading what="the upload page" />}>
              <UploadPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <a href="/">Go to the plants explorer</a>
      </p>
    </>
  );
}
