// The first-run page: saves the server address through the preload's bridge.
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = await window.tablero.setServerUrl(document.getElementById('server').value);
  if (!result.ok) document.getElementById('error').textContent = result.reason;
});
