import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api-client.js';
import { App } from './App.js';
import 'prosemirror-view/style/prosemirror.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App backend={connect()} />
  </StrictMode>,
);
