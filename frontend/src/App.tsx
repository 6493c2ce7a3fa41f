// The routes of the console. The builder and charts are code-split: they load on first use.
import { lazy, Suspense } from "react";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { useAuth } from "./auth/AuthContext.tsx";
import { LoginPage } from "./auth/LoginPage.tsx";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { Layout } from "./components/Layout.tsx";
import { Loading } from "./components/States.tsx";
import { useEventStream } from "./live/useEventStream.ts";
import { OverviewPage } from "./pages/OverviewPage.tsx";
import { CatalogPage } from "./pages/CatalogPage.tsx";
import { ExperimentsPage } from "./experiments/ExperimentsPage.tsx";
import { NewExperimentPage } from "./experiments/NewExperimentPage.tsx";
import { ExperimentDetailPage } from "./experiments/ExperimentDetailPage.tsx";
import { SimulationsPage } from "./pages/SimulationsPage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";
import { PipelinesPage } from "./pages/PipelinesPage.tsx";

const BuilderPage = lazy(() => import("./builder/BuilderPage.tsx"));

export function App() {
  const { session, user, loading } = useAuth();
  const location = useLocation();
  useEventStream(user !== undefined);

  if (!session) return <LoginPage />;
  if (loading || !user) return <Loading what="your session" />;

  return (
    <Layout>
      <ErrorBoundary resetKey={location.pathname}>
        <Suspense fallback={<Loading what="the view" />}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/catalog" element={<CatalogPage />} />
            <Route path="/pipelines" element={<PipelinesPage />} />
            <Route path="/builder" element={<BuilderPage />} />
            <Route path="/builder/:pipelineId" element={<BuilderPage />} />
            <Route path="/experiments" element={<ExperimentsPage />} />
            <Route path="/experiments/new" element={<NewExperimentPage />} />
            <Route path="/experiments/:experimentId" element={<ExperimentDetailPage />} />
            <Route path="/simulations" element={<SimulationsPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/login" element={<Navigate to="/" replace />} />
            <Route
              path="*"
              element={
                <p>
                  No such page. <Link to="/">Back to the overview</Link>
                </p>
              }
            />
          </Routes>
        </Suspense>
      </ErrorBoundary>
    </Layout>
  );
}
