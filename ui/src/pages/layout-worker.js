// Lays out a network off the main thread: cytoscape headless with fCoSE, then
// the positions go back to the page, which stays responsive meanwhile.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

self.onmessage = (e) => {
  const { key, elements } = e.data;
  // The same node sizes as drawn, so the layout leaves room for them.
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    style: [{ selector: 'node', style: { width: 'mapData(degree, 0, 40, 10, 34)', height: 'mapData(degree, 0, 40, 10, 34)' } }],
  });
  cy.layout({
    name: 'fcose', animate: false, quality: 'default', randomize: true, numIter: 1500,
    nodeRepulsion: () => 6000, idealEdgeLength: () => 55, nodeSeparation: 60, packComponents: true,
  }).run();
  const positions = {};
  cy.nodes().forEach((n) => { positions[n.id()] = n.position(); });
  self.postMessage({ key, positions });
};
