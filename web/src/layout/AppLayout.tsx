import { NavLink, Outlet } from "react-router";
import { useSession, useAuth } from "../auth/AuthProvider";

/** Header (app name, pages, who is signed in, sign out) around every signed-in page. */
export function AppLayout() {
  const session = useSession();
  const { signOut } = useAuth();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <p className="app-name">eGRID plants</p>
        <nav aria-label="Pages">
          <ul>
            <li>
              <NavLink to="/" end>
                Explore
              </NavLink>
            </li>
            {session.role === "admin" && (
              <li>
                <NavLink to="/upload">Upload</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="app-user">
          <span>
            {session.username} <span className="role">({session.role})</span>
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
