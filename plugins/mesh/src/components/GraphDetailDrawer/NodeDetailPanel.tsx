import useAsync from 'react-use/esm/useAsync';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type {
  GraphEdge,
  GraphNode,
  Workload,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { LinkOuts } from '../EntityMeshContent/LinkOuts';
import { membershipLabel, MembershipChip } from '../shared/MembershipChip';
import { MtlsChip } from '../shared/MtlsChip';
import { nodeSidecarText, sidecarKindText } from '../shared/sidecarKind';
import { edgeTrafficParts } from '../shared/edgeLabel';
import { trafficNodeLines } from '../shared/TrafficGraph';
import { DetailSection } from './DetailSection';
import { FindingsList } from './FindingsList';
import { useMeshTabLink } from './meshTabLink';
import type { GraphSelection } from './selection';

function podsText(workload: Workload): string {
  const parts = Object.entries(workload.membership.pods)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([state, count]) => `${count} ${membershipLabel(state as never)}`);
  return parts.length > 0 ? parts.join(', ') : 'no pods';
}

function WorkloadFacts(props: { workload: Workload }) {
  const { workload } = props;
  return (
    <Box mb={2} data-testid="mesh-node-workload">
      <Typography variant="subtitle2">
        {workload.kind} {workload.name} · {workload.namespace}@
        {workload.cluster}
      </Typography>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <MembershipChip
          state={workload.membership.state}
          reason={workload.membership.reason}
        />
        {sidecarKindText(workload) && (
          <Typography variant="caption">{sidecarKindText(workload)}</Typography>
        )}
      </Box>
      <Typography variant="body2">Pods: {podsText(workload)}</Typography>
      <Typography variant="body2" component="div">
        mTLS:{' '}
        {workload.mtls.ports.length === 0 ? (
          <>
            all ports{' '}
            <MtlsChip
              mode={workload.mtls.workload.mode}
              enforced={workload.mtls.enforced}
              reason={workload.mtls.workload.reason}
            />
          </>
        ) : (
          workload.mtls.ports.map(port => (
            <Box
              component="span"
              key={port.port}
              display="inline-flex"
              alignItems="center"
              mr={1}
              style={{ gap: 4 }}
            >
              {port.port}
              {port.name ? ` (${port.name})` : ''}
              <MtlsChip
                mode={port.decision.mode}
                enforced={workload.mtls.enforced}
                reason={port.decision.reason}
              />
            </Box>
          ))
        )}
      </Typography>
    </Box>
  );
}

/** Membership, mTLS and findings of the entity behind a node. */
function EntityFacts(props: { node: GraphNode; entityRef: string }) {
  const { node, entityRef } = props;
  const meshApi = useApi(meshApiRef);
  const mesh = useAsync(
    () => meshApi.getEntityMesh(parseEntityRef(entityRef)),
    [meshApi, entityRef],
  );
  if (mesh.loading) return <Progress />;
  if (mesh.error) return <ResponseErrorPanel error={mesh.error} />;
  if (!mesh.value) return null;
  // A workload node shows its own workload; an entity node all of them.
  const workloads =
    node.type === 'workload'
      ? mesh.value.workloads.filter(w => w.id === node.id)
      : mesh.value.workloads;
  const ids = new Set(workloads.map(w => w.id));
  const findings =
    node.type === 'workload'
      ? mesh.value.findings.filter(
          f => !f.workloads || f.workloads.some(id => ids.has(id)),
        )
      : mesh.value.findings;
  const links =
    node.links ?? workloads.flatMap(w => mesh.value?.links?.[w.id] ?? []);
  return (
    <>
      <DetailSection title="Membership and mTLS">
        {workloads.length === 0 ? (
          <Typography variant="body2">
            No workload of this entity was found in the clusters.
          </Typography>
        ) : (
          workloads.map(w => <WorkloadFacts key={w.id} workload={w} />)
        )}
      </DetailSection>
      <DetailSection title={`Findings (${findings.length})`}>
        <FindingsList findings={findings} />
      </DetailSection>
      <DetailSection title="Dashboards">
        <LinkOuts links={links} />
      </DetailSection>
    </>
  );
}

function EdgeList(props: {
  title: string;
  edges: GraphEdge[];
  other: (edge: GraphEdge) => string;
  nodes: Map<string, GraphNode>;
  onSelect: (selection: GraphSelection) => void;
}) {
  const { edges, other, nodes, onSelect } = props;
  if (edges.length === 0) return null;
  return (
    <DetailSection title={props.title}>
      {edges.map(edge => {
        const node = nodes.get(other(edge));
        const name = node ? trafficNodeLines(node)[0] : other(edge);
        return (
          <Box key={`${edge.source}>${edge.target}>${edge.protocol}`}>
            <Button
              size="small"
              color="primary"
              onClick={() =>
                onSelect({
                  kind: 'edge',
                  source: edge.source,
                  target: edge.target,
                })
              }
            >
              {name}
            </Button>
            <Typography variant="caption" color="textSecondary">
              {edge.protocol.toUpperCase()} ·{' '}
              {edgeTrafficParts(edge).join(' · ')}
            </Typography>
          </Box>
        );
      })}
    </DetailSection>
  );
}

/** Props of {@link NodeDetailPanel}. */
export interface NodeDetailPanelProps {
  id: string;
  node?: GraphNode;
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  onSelect: (selection: GraphSelection) => void;
  /** Focuses the graph on this node (explorer). */
  onFocus?: (id: string) => void;
}

/**
 * One node: what it is, who owns it, membership per pod and mTLS per port,
 * its findings, links to its Mesh tab and dashboards, and its edges (each
 * opens the edge's detail, so every edge is reachable by keyboard).
 */
export function NodeDetailPanel(props: NodeDetailPanelProps) {
  const { id, node, nodes, edges, onSelect, onFocus } = props;
  const meshTab = useMeshTabLink();
  if (!node) {
    return (
      <Typography variant="body2">
        This node is not in the graph any more (filters or the window changed).
      </Typography>
    );
  }
  const [title, subtitle] = trafficNodeLines(node);
  return (
    <>
      <Typography variant="h5" component="h2" id="mesh-drawer-title">
        {title}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {subtitle}
      </Typography>
      {(nodeSidecarText(node) || node.idle) && (
        <Typography variant="body2" data-testid="mesh-node-kind">
          {[
            nodeSidecarText(node),
            node.idle && 'Idle: no traffic in the window',
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      )}
      {node.owner && (
        <Typography variant="body2">
          Owner: <EntityRefLink entityRef={node.owner} />
        </Typography>
      )}
      {node.system && (
        <Typography variant="body2">
          System: <EntityRefLink entityRef={node.system} />
        </Typography>
      )}
      {node.entityRef && meshTab && (
        <Box mt={1}>
          <Link
            // The tab scrolls itself to the top when it opens (EntityMeshContent).
            to={meshTab(node.entityRef)}
            data-testid="mesh-node-mesh-tab"
          >
            Open the Mesh tab of {title}
          </Link>
        </Box>
      )}
      {onFocus && (
        <Box mt={1}>
          <Button size="small" variant="outlined" onClick={() => onFocus(id)}>
            Focus the graph on this node
          </Button>
        </Box>
      )}
      {node.entityRef ? (
        <EntityFacts node={node} entityRef={node.entityRef} />
      ) : (
        <Typography variant="body2" paragraph>
          {node.type === 'workload'
            ? 'No catalog entity claims this workload.'
            : 'Not a workload of the mesh: no membership or policy applies.'}
        </Typography>
      )}
      <EdgeList
        title="Calls from here"
        edges={edges.filter(e => e.source === id)}
        other={e => e.target}
        nodes={nodes}
        onSelect={onSelect}
      />
      <EdgeList
        title="Calls to here"
        edges={edges.filter(e => e.target === id)}
        other={e => e.source}
        nodes={nodes}
        onSelect={onSelect}
      />
    </>
  );
}
